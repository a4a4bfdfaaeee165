package dev.leadflow.live;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.engine.Outcome;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.model.Model;
import dev.leadflow.store.EncodedRecord;
import dev.leadflow.store.RecordStore;
import dev.leadflow.store.StoreException;
import dev.leadflow.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The server's leads: an {@link Engine} kept equal to a replay of the {@link RecordStore}.
 *
 * <p>Design note. The store is the truth and the engine a cache of its replay. On start the engine
 * replays the whole store in processing order. Then each batch is first stored (durably), and
 * only the records the store took (not duplicates) are applied, in arrival order. A record dated
 * before something already applied to its leads ({@link Engine#isLate}) would, applied now, make
 * the state differ from a replay; instead its identity component (every stored record reachable
 * through shared userIds, anonymousIds and alias ids, found in an {@link IdentityIndex} of the
 * stored records) is rebuilt in processing order. If an append fails, it may have committed all
 * the same: the engine is then loaded again from the store before it is next used. Timers fire
 * through {@link #advanceTo}, from the caller's clock. Thread-safe:
 * writes are serialised among themselves; reads wait only while records are applied, not while
 * they are committed.
 */
public final class LiveLeads {

    private Engine engine;
    /** The stored records by identity key. Guarded by {@code this}. */
    private IdentityIndex index;
    /**
     * Serialises writers (store, then engine), so that records are applied in the order they were
     * numbered. Readers only take {@code this}, which a writer holds while applying, not while the
     * store commits. Lock order: {@code writes}, then {@code this}.
     */
    private final Object writes = new Object();
    /** The engine fell out of step with the store (see {@link #recoverIfNeeded}). Guarded by {@code writes}. */
    private boolean stale;
    /** The latest instant timers were fired to. Guarded by {@code this}. */
    private long lastAdvanced;
    private final RecordStore store;
    private long rebuilds;

    private LiveLeads(Loaded loaded, RecordStore store, long advancedTo) {
        this.engine = loaded.engine();
        this.index = loaded.index();
        this.store = store;
        this.lastAdvanced = advancedTo;
    }

    /** Loads every stored record into a new engine for {@code model}, then fires timers up to {@code nowMillis}. */
    public static LiveLeads load(Model model, RecordStore store, long nowMillis) {
        return new LiveLeads(replay(model, store, nowMillis), store, nowMillis);
    }

    /** What a batch did: the records stored (new), and those left out as duplicates. */
    public record Ingested(int stored, int duplicates) {
    }

    /**
     * Stores the records (durably: when this returns they survive a crash) and applies the new ones.
     * The store failing throws {@link dev.leadflow.store.StoreException}; the records may have been
     * stored all the same, so a client retries (a repeated messageId is ignored).
     */
    public Ingested ingest(List<? extends Input> records, long receivedAtMillis) {
        return ingestEncoded(records.stream().map(EncodedRecord::of).toList(), receivedAtMillis);
    }

    /** {@link #ingest}, with the records already encoded for the store. */
    public Ingested ingestEncoded(List<EncodedRecord> records, long receivedAtMillis) {
        synchronized (writes) {
            recoverIfNeeded();
            List<StoredRecord> stored = append(records, receivedAtMillis); // readers go on meanwhile
            applyStored(stored);
            return new Ingested(stored.size(), records.size() - stored.size());
        }
    }

    /**
     * Stores the records; when the store fails and cannot tell that nothing was stored (a
     * connection lost while the commit answered), the engine is marked out of step with it.
     */
    private List<StoredRecord> append(List<EncodedRecord> records, long receivedAtMillis) {
        try {
            return store.appendEncoded(records, receivedAtMillis);
        } catch (RuntimeException e) {
            if (!(e instanceof StoreException s && !s.maybeStored())) {
                stale = true;
            }
            throw e;
        }
    }

    /**
     * Applies what the store took, in order; returns the outcomes, or null when the engine failed
     * part-way and was loaded again from the store instead (which holds the records, so they are
     * applied all the same). The caller holds {@code writes}.
     */
    private List<Outcome> applyStored(List<StoredRecord> stored) {
        synchronized (this) {
            try {
                List<Outcome> outcomes = new ArrayList<>(stored.size());
                for (StoredRecord r : stored) {
                    outcomes.add(apply(r));
                }
                return outcomes;
            } catch (RuntimeException e) {
                stale = true; // stored but not (all) applied: the engine no longer equals the store
            }
        }
        recoverIfNeeded();
        return null;
    }

    /** An engine holding every stored record, and the index of those records. */
    private record Loaded(Engine engine, IdentityIndex index) {
    }

    /** A new engine holding every stored record, timers fired up to {@code atMillis}. */
    private static Loaded replay(Model model, RecordStore store, long atMillis) {
        Engine engine = new Engine(model);
        IdentityIndex index = new IdentityIndex();
        store.forEachInProcessingOrder(r -> {
            index.add(r);
            engine.apply(r.input());
        });
        engine.advanceTo(atMillis);
        return new Loaded(engine, index);
    }

    /** Applies a stored record, rebuilding its leads when it is late; returns what the engine did with it. */
    private Outcome apply(StoredRecord record) {
        index.add(record);
        Input input = record.input();
        if (!engine.isLate(input)) {
            return engine.apply(input);
        }
        rebuilds++;
        Set<String> keys = Engine.identityKeys(input);
        List<Input> inputs = index.component(keys).stream().map(StoredRecord::input).toList();
        List<Outcome> outcomes = engine.rebuild(keys, inputs);
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).messageId().equals(input.messageId())) {
                return outcomes.get(i);
            }
        }
        return new Outcome.Duplicate(input.messageId());
    }

    /** A lead with every record applied to it, as the API shows it. */
    public record LeadView(LeadSnapshot snapshot, List<Input> history) {
    }

    /** A lead and its history as of {@code nowMillis} (timers up to then fired first). */
    public synchronized Optional<LeadView> view(String leadId, long nowMillis) {
        advance(nowMillis);
        return engine.snapshot(leadId, nowMillis).map(s -> new LeadView(s, engine.history(leadId)));
    }

    /** One page of leads, by id, and how many leads matched in all. */
    public record Page(List<LeadSummary> leads, int total) {
    }

    /** The leads matching {@code filter} as of {@code nowMillis}, sorted by id, from {@code offset}. */
    public synchronized Page list(Predicate<LeadSummary> filter, int offset, int limit, long nowMillis) {
        advance(nowMillis);
        List<LeadSummary> page = new ArrayList<>(Math.min(limit, 1024));
        int total = 0;
        for (String id : engine.leadIds()) {
            LeadSummary summary = engine.summary(id, nowMillis).orElseThrow();
            if (filter.test(summary)) {
                if (total >= offset && page.size() < limit) {
                    page.add(summary);
                }
                total++;
            }
        }
        return new Page(page, total);
    }

    /** What a sales action did: applied (the lead as it is now) or refused (nothing stored). */
    public sealed interface ActionResult {
        record Done(LeadView lead) implements ActionResult {
        }

        record Refused(Outcome.Refused refusal) implements ActionResult {
        }
    }

    /**
     * Performs a sales action: refused without a trace when illegal, else stored durably and
     * applied (a repeated messageId is accepted and ignored, so a client may retry).
     */
    public ActionResult act(LifecycleCommand command, long receivedAtMillis) {
        synchronized (writes) {
            recoverIfNeeded();
            Optional<Outcome.Refused> refusal;
            synchronized (this) {
                refusal = engine.refusal(command);
            }
            if (refusal.isPresent()) {
                return new ActionResult.Refused(refusal.get());
            }
            List<Outcome> outcomes = applyStored(append(List.of(EncodedRecord.of(command)), receivedAtMillis));
            synchronized (this) {
                // applied in processing order it may still be refused (a record dated after it changed
                // the stage first); it stays stored, refused, exactly as replay will refuse it. After a
                // reload (outcomes null) the answer is simply the lead as it now is.
                if (outcomes != null && !outcomes.isEmpty() && outcomes.get(0) instanceof Outcome.Refused refused) {
                    return new ActionResult.Refused(refused);
                }
                String leadId = engine.leadOf(command.userId()).orElse(command.userId());
                long now = Math.max(receivedAtMillis, command.epochMillis());
                return view(leadId, now).<ActionResult>map(ActionResult.Done::new)
                        .orElseGet(() -> new ActionResult.Refused(new Outcome.Refused(Outcome.Kind.UNKNOWN_LEAD,
                                "unknown lead '" + command.userId() + "'")));
            }
        }
    }

    /** How many leads are in each stage, as of the last timers fired. */
    public synchronized java.util.Map<dev.leadflow.lifecycle.Stage, Integer> stageCounts() {
        return engine.stageCounts();
    }

    /** The model scoring the leads. */
    public synchronized Model model() {
        return engine.model();
    }

    /**
     * Re-scores every lead under {@code model}: the whole store is replayed into a new engine, which
     * then replaces the old one at once (readers see either the old scores or the new, never a mix).
     */
    public void rescore(Model model, long nowMillis) {
        synchronized (writes) { // no record is stored meanwhile; readers see the old scores until the swap
            reload(model, nowMillis);
        }
    }

    /**
     * Replays the whole store into a new engine for {@code model} and swaps it in; readers go on
     * with the old one meanwhile. The caller holds {@code writes}.
     */
    private void reload(Model model, long nowMillis) {
        long at;
        synchronized (this) {
            at = Math.max(lastAdvanced, nowMillis);
        }
        Loaded fresh = replay(model, store, at);
        synchronized (this) {
            fresh.engine().advanceTo(lastAdvanced);
            engine = fresh.engine();
            index = fresh.index();
        }
        stale = false;
    }

    /**
     * Records were stored but the engine could not apply them and could not be reloaded yet: the
     * records are durable and will be applied when the server recovers; a retry is safe.
     */
    public static final class StoredNotApplied extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoredNotApplied(RuntimeException cause) {
            super("records were stored but could not be applied yet: " + cause.getMessage(), cause);
        }
    }

    /** Loads the engine again from the store if it has fallen out of step with it; the caller holds {@code writes}. */
    private void recoverIfNeeded() {
        if (!stale) {
            return;
        }
        try {
            reload(model(), Long.MIN_VALUE);
        } catch (RuntimeException e) {
            throw new StoredNotApplied(e);
        }
    }

    /**
     * Fires the timers due up to {@code nowMillis}; first loads the engine again if a failed append
     * left it out of step with the store (the server's timer thread calls this every second).
     */
    public void advanceTo(long nowMillis) {
        synchronized (writes) {
            recoverIfNeeded();
            synchronized (this) {
                advance(nowMillis);
            }
        }
    }

    private void advance(long nowMillis) {
        lastAdvanced = Math.max(lastAdvanced, nowMillis);
        engine.advanceTo(nowMillis);
    }

    /** A lead as of {@code nowMillis} (timers up to then fired first). */
    public synchronized Optional<LeadSnapshot> lead(String leadId, long nowMillis) {
        advance(nowMillis);
        return engine.snapshot(leadId, nowMillis);
    }

    /** Every lead id, sorted. */
    public synchronized List<String> leadIds() {
        return engine.leadIds();
    }

    public synchronized int leadCount() {
        return engine.leadCount();
    }

    /** How many late records made a rebuild so far. */
    public synchronized long rebuilds() {
        return rebuilds;
    }
}
