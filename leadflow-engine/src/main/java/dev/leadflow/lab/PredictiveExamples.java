package dev.leadflow.lab;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Model;
import dev.leadflow.predict.Cycles;
import dev.leadflow.predict.Features;
import dev.leadflow.predict.Predictive;
import dev.leadflow.predict.Signals;
import dev.leadflow.scoring.ScoringState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * The examples a predictive model learns from (docs/PREDICTIVE.md): every qualification cycle of
 * a replayed history, labelled by {@link Cycles}, with the raw features known at its MQL instant.
 */
public final class PredictiveExamples {

    private PredictiveExamples() {}

    /**
     * Replays {@code records} (in processing order) under {@code model}, timers fired to the last
     * of them, and returns its cycles' examples. Each cycle's features are taken the moment the
     * engine moves the lead into MQL, from the records it then holds for that lead (in time order)
     * up to that instant: an identity merged later, or any later record, cannot reach them.
     */
    public static Features.Examples of(Model model, Predictive spec, List<Input> records) {
        Capture capture = new Capture(model, spec);
        Engine engine = new Engine(model, capture);
        capture.engine = engine;
        long until = Long.MIN_VALUE;
        for (Input r : records) {
            engine.apply(r);
            until = Math.max(until, r.epochMillis());
        }
        engine.advanceTo(until);
        long end = until;
        List<Features.Example> closed = new ArrayList<>();
        List<Features.Example> open = new ArrayList<>();
        engine.forEachLifecycle((lead, transitions, touches) -> {
            for (Cycles.Cycle c : Cycles.of(transitions, spec.target(), spec.horizonMillis(), end)) {
                SortedMap<String, Object> features = capture.taken.get(new Key(lead, c.number()));
                if (features == null) {
                    continue; // not reached: every MQL entry is captured under the lead that keeps it
                }
                Features.Example e =
                        new Features.Example(lead, c.number(), c.mqlAt(), c.label() == Cycles.Label.POSITIVE, features);
                (c.label() == Cycles.Label.OPEN ? open : closed).add(e);
            }
        });
        Comparator<Features.Example> order = Comparator.comparingLong(Features.Example::mqlAt)
                .thenComparing(Features.Example::leadId)
                .thenComparingInt(Features.Example::cycle);
        closed.sort(order);
        open.sort(order);
        return new Features.Examples(closed, open);
    }

    /** The features of {@code lead}'s records up to {@code at} (the records in processing order). */
    static SortedMap<String, Object> at(Model model, Predictive spec, List<Input> history, long at, int priorCycles) {
        List<Input> sorted = new ArrayList<>(history);
        sorted.sort(Comparator.comparingLong(Input::epochMillis)); // stable: ties keep processing order
        ScoringState state = new ScoringState(model, new Signals(spec));
        for (Input r : sorted) {
            if (r.epochMillis() <= at && !(r instanceof LifecycleCommand)) {
                state.apply(r);
            }
        }
        return state.features(at, priorCycles);
    }

    private record Key(String lead, int cycle) {}

    /** Takes each MQL entry's features as it happens, and follows them through merges. */
    private static final class Capture implements EngineListener {
        private final Model model;
        private final Predictive spec;
        private final Map<Key, SortedMap<String, Object>> taken = new HashMap<>();
        private @Nullable Engine engine;

        Capture(Model model, Predictive spec) {
            this.model = model;
            this.spec = spec;
        }

        @Override
        public void onTransition(String leadId, Transition t) {
            if (t.to() == Stage.MQL && t.from() != Stage.MQL && engine != null) {
                taken.put(new Key(leadId, t.cycle()), at(model, spec, engine.history(leadId), t.at(), t.cycle() - 1));
            }
        }

        @Override
        public void onMerge(String sourceId, String targetId, boolean tookSourceLifecycle, long atMillis) {
            List<Key> source = taken.keySet().stream()
                    .filter(k -> k.lead().equals(sourceId))
                    .toList();
            if (tookSourceLifecycle) {
                taken.keySet().removeIf(k -> k.lead().equals(targetId));
                source.forEach(k -> taken.put(new Key(targetId, k.cycle()), taken.get(k)));
            }
            source.forEach(taken::remove);
        }
    }
}
