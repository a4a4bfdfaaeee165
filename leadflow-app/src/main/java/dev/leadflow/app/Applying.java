package dev.leadflow.app;

import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.app.port.StoredRecord;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.Outcome;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Transition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One write being applied to the state ({@link Leads#write}): each new record after the desk
 * timers due before it, a late record by rebuilding its leads, the SLA recycles the desk asks for
 * stored in the same unit and applied at once. The caller holds the state's lock.
 */
final class Applying {

    private final Leads.State state;
    private final Engine engine;
    private final SalesHandoff handoff;
    private final Batch batch;
    private final long now;
    private long rebuilds;

    Applying(Leads.State state, Batch batch, long now) {
        this.state = state;
        this.engine = state.engine();
        this.handoff = state.handoff();
        this.batch = batch;
        this.now = now;
    }

    /** Runs {@code first} (a desk change such as a new configuration), then stores what it asked for. */
    void first(BiConsumer<Leads.State, Batch> first) {
        first.accept(state, batch);
        drain();
    }

    /**
     * Applies a new record, the desk's timers due by then fired first (at their own instants either
     * way); returns what the engine did with it.
     */
    Outcome apply(StoredRecord record) {
        long t = Math.min(record.input().epochMillis(), now);
        catchUp(t - 1);
        engine.advanceTo(t);
        return applyNow(record);
    }

    /**
     * Brings the desk up to {@code upTo} in time order: it hears what the engine did, each change
     * after the desk timers due before it; each desk timer fires with the engine advanced to its
     * instant, and the SLA recycles it asks for are stored and applied then, before any later
     * record, so that they are not late.
     */
    void catchUp(long upTo) {
        do {
            long step = Math.min(handoff.nextDue().orElse(Long.MAX_VALUE), upTo);
            engine.advanceTo(step);
            handoff.process(engine, step, batch);
            drain();
        } while (handoff.due(upTo));
    }

    long rebuilds() {
        return rebuilds;
    }

    /** Stores and applies the SLA recycles the desk asked for (in the write's unit). */
    private void drain() {
        while (!batch.commands.isEmpty()) {
            List<EncodedRecord> commands =
                    batch.commands.stream().map(EncodedRecord::of).toList();
            batch.commands.clear();
            for (StoredRecord r : batch.unit.append(commands)) {
                engine.advanceTo(Math.min(r.input().epochMillis(), now));
                applyNow(r);
            }
        }
    }

    /**
     * Applies a stored record, rebuilding its leads when it is late. A rebuild tells the desk only
     * the transitions the rebuilt leads did not have before.
     */
    private Outcome applyNow(StoredRecord record) {
        state.index().add(record);
        Input input = record.input();
        double[] before = null; // the scores before, when score crossings are told
        if (handoff.scores().watches()) {
            String leadId = leadOf(input);
            before = leadId == null ? new double[2] : handoff.scores().before(engine, leadId, input.epochMillis());
        }
        Outcome outcome = engine.isLate(input) ? rebuild(input) : engine.apply(input);
        if (outcome instanceof Outcome.Applied a) {
            state.reports().changed(a.leadId()); // its channels or grade may have changed, though not its stage
            if (before != null) {
                handoff.scores().after(engine, a.leadId(), input.epochMillis(), before, batch);
            }
        }
        return outcome;
    }

    private @Nullable String leadOf(Input input) {
        Optional<String> lead = input.userId() != null ? engine.leadOf(input.userId()) : Optional.empty();
        return lead.or(() -> input.anonymousId() != null ? engine.leadOf(input.anonymousId()) : Optional.empty())
                .orElse(null);
    }

    private Outcome rebuild(Input input) {
        rebuilds++;
        Set<String> keys = Engine.identityKeys(input);
        List<Input> inputs =
                state.index().component(keys).stream().map(StoredRecord::input).toList();
        List<Transition> heardBefore = new ArrayList<>();
        for (String key : keys) {
            engine.leadOf(key).ifPresent(id -> {
                state.reports().changed(id); // it may be gone after the rebuild
                heardBefore.addAll(engine.transitions(id));
            });
        }
        handoff.listen(false);
        List<Outcome> outcomes;
        try {
            outcomes = engine.rebuild(keys, inputs);
        } finally {
            handoff.listen(true);
        }
        Set<String> told = new HashSet<>();
        for (String key : keys) {
            engine.leadOf(key).filter(told::add).ifPresent(id -> {
                state.reports().changed(id);
                handoff.heard(id, engine.transitions(id), heardBefore);
            });
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).messageId().equals(input.messageId())) {
                return outcomes.get(i);
            }
        }
        return new Outcome.Duplicate(input.messageId());
    }
}
