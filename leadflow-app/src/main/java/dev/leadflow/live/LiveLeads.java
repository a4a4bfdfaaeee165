package dev.leadflow.live;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.engine.Outcome;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Model;
import dev.leadflow.report.Attribution;
import dev.leadflow.report.Funnel;
import dev.leadflow.report.Health;
import dev.leadflow.report.Velocity;
import dev.leadflow.scoring.LedgerEntry;
import dev.leadflow.store.EncodedRecord;
import dev.leadflow.store.HandoffStore;
import dev.leadflow.store.RecordStore;
import dev.leadflow.store.StoreException;
import dev.leadflow.store.StoredRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

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
    /** The hand-off's tables; null for a server without a hand-off (some tests). */
    private final HandoffStore handoffStore;
    /** The hand-off desk, or null. Guarded by {@code this}. */
    private Handoff handoff;
    /** What the reports read, kept up to date with the engine. Guarded by {@code this}. */
    private ReportIndex reports;

    private long rebuilds;

    private LiveLeads(Loaded loaded, RecordStore store, HandoffStore handoffStore, long advancedTo) {
        this.engine = loaded.engine();
        this.index = loaded.index();
        this.handoff = loaded.handoff();
        this.reports = loaded.reports();
        this.store = store;
        this.handoffStore = handoffStore;
        this.lastAdvanced = advancedTo;
    }

    /** Loads every stored record into a new engine for {@code model}, then fires timers up to {@code nowMillis}. */
    public static LiveLeads load(Model model, RecordStore store, long nowMillis) {
        return load(model, store, null, nowMillis);
    }

    /** {@link #load(Model, RecordStore, long)}, with the hand-off desk as its journal left it (none when null). */
    public static LiveLeads load(Model model, RecordStore store, HandoffStore handoff, long nowMillis) {
        return new LiveLeads(replay(model, store, handoff, nowMillis), store, handoff, nowMillis);
    }

    /** What a batch did: the records stored (new), and those left out as duplicates. */
    public record Ingested(int stored, int duplicates) {}

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
            List<Outcome> outcomes = new ArrayList<>(records.size());
            write(records, receivedAtMillis, outcomes, null);
            return new Ingested(outcomes.size(), records.size() - outcomes.size());
        }
    }

    /**
     * In one transaction: stores the new records, applies them, tells the hand-off what happened
     * (with its timers due by then), writes its rows, and stores and applies the SLA recycles it
     * asks for; then commits. Readers see the records applied from the moment they are, while the
     * commit runs; when it fails the engine and the desk are loaded again from the store, which then
     * holds the records or not. {@code outcomes} receives the outcome of each new record given;
     * {@code more} (may be null) runs first inside the transaction. The caller holds {@code writes}.
     */
    private void write(List<EncodedRecord> records, long now, List<Outcome> outcomes, Consumer<Handoff.Batch> more) {
        boolean[] touched = {false};
        try {
            store.appendEncoded(records, now, (stored, tx) -> {
                touched[0] = true;
                Handoff.Batch batch = new Handoff.Batch();
                synchronized (this) {
                    if (more != null) {
                        more.accept(batch);
                        drain(batch, tx, now);
                    }
                    for (StoredRecord r : stored) {
                        long t = Math.min(r.input().epochMillis(), now);
                        if (handoff != null) {
                            catchUp(t - 1, batch, tx, now);
                            engine.advanceTo(
                                    t); // timers due by the record fire first (at their own instants either way)
                        }
                        outcomes.add(apply(r, batch));
                    }
                    if (handoff != null) {
                        catchUp(now, batch, tx, now);
                    }
                }
                if (!batch.isEmpty()) {
                    tx.write(batch::write);
                }
            });
        } catch (RuntimeException e) {
            if (touched[0] || !(e instanceof StoreException s && !s.maybeStored())) {
                stale = true; // applied but not committed, or maybe committed: load again from the store
            }
            throw e;
        }
    }

    /**
     * Brings the desk up to {@code upTo} in time order: it hears what the engine did, each change
     * after the desk timers due before it; each desk timer fires with the engine advanced to its
     * instant, and the SLA recycles it asks for are stored and applied then, before any later
     * record, so that they are not late.
     */
    private void catchUp(long upTo, Handoff.Batch batch, RecordStore.Transaction tx, long now) {
        do {
            long step = Math.min(handoff.nextDue().orElse(Long.MAX_VALUE), upTo);
            engine.advanceTo(step);
            handoff.process(engine, step, batch);
            drain(batch, tx, now);
        } while (handoff.due(upTo));
    }

    /** Stores and applies the SLA recycles the desk asked for (in the write's transaction). */
    private void drain(Handoff.Batch batch, RecordStore.Transaction tx, long now) {
        while (!batch.commands.isEmpty()) {
            List<EncodedRecord> commands =
                    batch.commands.stream().map(EncodedRecord::of).toList();
            batch.commands.clear();
            for (StoredRecord r : tx.append(commands)) {
                engine.advanceTo(Math.min(r.input().epochMillis(), now));
                apply(r, batch);
            }
        }
    }

    /**
     * An engine holding every stored record, the index of those records, the hand-off desk (or
     * null), and the reports' index.
     */
    private record Loaded(Engine engine, IdentityIndex index, Handoff handoff, ReportIndex reports) {}

    /**
     * A new engine holding every stored record, timers fired up to {@code atMillis}, and the desk
     * as its journal left it, told what it missed (MQLs that expired meanwhile).
     */
    private static Loaded replay(Model model, RecordStore store, HandoffStore handoffStore, long atMillis) {
        Handoff handoff = handoffStore == null ? null : Handoff.load(handoffStore);
        ReportIndex reports = new ReportIndex();
        Engine engine = new Engine(model, reports.listener(handoff == null ? EngineListener.NONE : handoff.listener()));
        if (handoff != null) {
            handoff.listen(false); // the journal holds what the desk was told
        }
        IdentityIndex index = new IdentityIndex();
        store.forEachInProcessingOrder(r -> {
            index.add(r);
            engine.apply(r.input());
        });
        engine.advanceTo(atMillis);
        if (handoff != null) {
            handoff.listen(true);
            handoff.reconcile(engine, atMillis);
        }
        reports.refresh(engine, log(handoff)); // built now, with every slice, rather than by the first reports
        reports.slice(engine, log(handoff), atMillis);
        return new Loaded(engine, index, handoff, reports);
    }

    /**
     * Applies a stored record, rebuilding its leads when it is late; returns what the engine did
     * with it. A rebuild tells the desk only the transitions the rebuilt leads did not have before.
     */
    private Outcome apply(StoredRecord record, Handoff.Batch batch) {
        index.add(record);
        Input input = record.input();
        double[] before = null; // the scores before, when score crossings are told
        if (handoff != null && handoff.watchesScores()) {
            String leadId = leadOf(input);
            before = leadId == null ? new double[2] : handoff.scoresBefore(engine, leadId, input.epochMillis());
        }
        Outcome outcome;
        if (!engine.isLate(input)) {
            outcome = engine.apply(input);
        } else {
            outcome = rebuild(input);
        }
        if (outcome instanceof Outcome.Applied a) {
            reports.changed(a.leadId()); // its channels or grade may have changed, though not its stage
            if (handoff != null) {
                handoff.scoresAfter(engine, a.leadId(), input.epochMillis(), before, batch);
            }
        }
        return outcome;
    }

    private String leadOf(Input input) {
        Optional<String> lead = input.userId() != null ? engine.leadOf(input.userId()) : Optional.empty();
        return lead.or(() -> input.anonymousId() != null ? engine.leadOf(input.anonymousId()) : Optional.empty())
                .orElse(null);
    }

    private Outcome rebuild(Input input) {
        rebuilds++;
        Set<String> keys = Engine.identityKeys(input);
        List<Input> inputs =
                index.component(keys).stream().map(StoredRecord::input).toList();
        List<Transition> heardBefore = new ArrayList<>();
        for (String key : keys) {
            engine.leadOf(key).ifPresent(id -> {
                reports.changed(id); // it may be gone after the rebuild
                heardBefore.addAll(engine.transitions(id));
            });
        }
        if (handoff != null) {
            handoff.listen(false);
        }
        List<Outcome> outcomes;
        try {
            outcomes = engine.rebuild(keys, inputs);
        } finally {
            if (handoff != null) {
                handoff.listen(true);
            }
        }
        Set<String> told = new HashSet<>();
        for (String key : keys) {
            engine.leadOf(key).filter(told::add).ifPresent(id -> {
                reports.changed(id);
                if (handoff != null) {
                    handoff.heard(id, engine.transitions(id), heardBefore);
                }
            });
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).messageId().equals(input.messageId())) {
                return outcomes.get(i);
            }
        }
        return new Outcome.Duplicate(input.messageId());
    }

    /** A lead with every record applied to it, as the API shows it. */
    public record LeadView(LeadSnapshot snapshot, List<Input> history) {}

    /** A lead and its history as of {@code nowMillis} (timers up to then fired first). */
    public synchronized Optional<LeadView> view(String leadId, long nowMillis) {
        advance(nowMillis);
        return engine.snapshot(leadId, nowMillis).map(s -> new LeadView(s, engine.history(leadId)));
    }

    /** One page of leads, by id, and how many leads matched in all. */
    public record Page(List<LeadSummary> leads, int total) {}

    /**
     * The leads matching {@code filter} as of {@code nowMillis}, sorted by id, from {@code offset}:
     * one walk of the leads, a summary made only for those that pass the filter's cheap tests (for
     * the page alone when the filter has no test on summaries), the page kept by a heap.
     */
    public synchronized Page list(LeadFilter filter, int offset, int limit, long nowMillis) {
        advance(nowMillis);
        int wanted = (int) Math.min(Integer.MAX_VALUE, (long) offset + limit);
        int[] total = {0};
        List<LeadSummary> found;
        if (filter.summaries() == null) {
            Smallest<String> ids = new Smallest<>(wanted, Comparator.naturalOrder());
            engine.forEachSummary(
                    nowMillis,
                    (id, stage) -> {
                        if (filter.accepts(id, stage)) {
                            total[0]++;
                            ids.offer(id);
                        }
                        return false;
                    },
                    s -> {});
            found = ids.sorted().stream()
                    .skip(offset)
                    .map(id -> engine.summary(id, nowMillis).orElseThrow())
                    .toList();
        } else {
            Smallest<LeadSummary> summaries = new Smallest<>(wanted, Comparator.comparing(LeadSummary::id));
            engine.forEachSummary(nowMillis, filter::accepts, s -> {
                if (filter.summaries().test(s)) {
                    total[0]++;
                    summaries.offer(s);
                }
            });
            found = summaries.sorted().stream().skip(offset).toList();
        }
        return new Page(found, total[0]);
    }

    /** What a sales action did: applied (the lead as it is now) or refused (nothing stored). */
    public sealed interface ActionResult {
        record Done(LeadView lead) implements ActionResult {}

        record Refused(Outcome.Refused refusal) implements ActionResult {}
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
            List<Outcome> outcomes = new ArrayList<>(1);
            write(List.of(EncodedRecord.of(command)), receivedAtMillis, outcomes, null);
            synchronized (this) {
                // applied in processing order it may still be refused (a record dated after it changed
                // the stage first); it stays stored, refused, exactly as replay will refuse it.
                if (!outcomes.isEmpty() && outcomes.get(0) instanceof Outcome.Refused refused) {
                    return new ActionResult.Refused(refused);
                }
                String leadId = engine.leadOf(command.userId()).orElse(command.userId());
                long now = Math.max(receivedAtMillis, command.epochMillis());
                return view(leadId, now)
                        .<ActionResult>map(ActionResult.Done::new)
                        .orElseGet(() -> new ActionResult.Refused(new Outcome.Refused(
                                Outcome.Kind.UNKNOWN_LEAD, "unknown lead '" + command.userId() + "'")));
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
        Loaded fresh = replay(model, store, handoffStore, at);
        synchronized (this) {
            fresh.engine().advanceTo(lastAdvanced);
            engine = fresh.engine();
            index = fresh.index();
            handoff = fresh.handoff();
            reports = fresh.reports();
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
            boolean due;
            synchronized (this) {
                advance(nowMillis);
                due = handoff != null && handoff.due(nowMillis);
            }
            if (due) { // the desk heard something, or its timers are due: told in a transaction of its own
                write(List.of(), nowMillis, new ArrayList<>(), null);
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

    /** A lead's headline as of {@code nowMillis}. */
    public synchronized Optional<LeadSummary> summary(String leadId, long nowMillis) {
        advance(nowMillis);
        return engine.summary(leadId, nowMillis);
    }

    /** The fit letter of the lead's grade now: a slicing dimension besides the channel ones ({@link Attribution}). */
    public static final String BY_GRADE = "grade";
    /** Who held the cycle in the hand-off (its last assignment), or who moved it on from MQL. */
    public static final String BY_OWNER = "owner";
    /** The team of the cycle's last assignment. */
    public static final String BY_TEAM = "team";

    /**
     * Every lead's transitions, for the funnel and health reports, sliced by {@code by}: none
     * (null), a channel dimension ({@link Attribution}: from the event that converted the lead, per
     * cycle), {@link #BY_GRADE}, {@link #BY_OWNER} or {@link #BY_TEAM}. A view of the report index
     * as of {@code nowMillis}, which later changes do not alter.
     */
    public List<Funnel.LeadHistory> histories(String by, long nowMillis) {
        return read(nowMillis, (engine, handoff, reports) -> reports.snapshot(by, engine, log(handoff), nowMillis))
                .histories();
    }

    /** Every lead's transitions and sales touches, for the velocity report, sliced as {@link #histories}. */
    public List<Velocity.LeadMoves> moves(String by, long nowMillis) {
        return read(nowMillis, (engine, handoff, reports) -> reports.snapshot(by, engine, log(handoff), nowMillis))
                .moves();
    }

    /** What the hand-off did, for the health report: assignments, breaches and the clocks running now. */
    public record HandoffFacts(
            List<HandoffEvent.Assigned> assignments,
            List<HandoffEvent.SlaBreached> breaches,
            List<Health.Running> running) {
        static final HandoffFacts NONE = new HandoffFacts(List.of(), List.of(), List.of());
    }

    /** The hand-off's facts now (all empty without a hand-off), its events read from the report index. */
    public HandoffFacts handoffFacts(long nowMillis) {
        return read(nowMillis, (engine, handoff, reports) -> {
            if (handoff == null) {
                return HandoffFacts.NONE;
            }
            reports.refresh(engine, handoff.log());
            return new HandoffFacts(reports.assignments(), reports.breaches(), handoff.running(nowMillis));
        });
    }

    /**
     * Brings at most {@code max} of the leads changed since the last report up to date in the report
     * index (see {@link ReportIndex#tidy}); returns how many changed leads remain. The lock is held
     * for one call: the server's timer thread calls it again until none remain.
     */
    public synchronized int tidyReports(long nowMillis, int max) {
        return reports.tidy(engine, log(handoff), nowMillis, max);
    }

    /** What the reports read: the engine, the hand-off (null without one) and the report index. */
    @FunctionalInterface
    interface ReportReader<T> {
        T read(Engine engine, Handoff handoff, ReportIndex reports);
    }

    /** {@code reader}'s answer as of {@code nowMillis} (timers up to then fired first), under the lock. */
    synchronized <T> T read(long nowMillis, ReportReader<T> reader) {
        advance(nowMillis);
        return reader.read(engine, handoff, reports);
    }

    /** What the hand-off did, for the reports; null without a hand-off. */
    static HandoffLog log(Handoff handoff) {
        return handoff == null ? null : handoff.log();
    }

    /** Every lead id, sorted. */
    public synchronized List<String> leadIds() {
        return engine.leadIds();
    }

    public synchronized int leadCount() {
        return engine.leadCount();
    }

    // ------------------------------------------------------------------ hand-off

    /** The hand-off configuration in force and its stored version (empty before the first). */
    public record HandoffState(HandoffConfig config, Optional<HandoffStore.Version> version) {}

    public synchronized HandoffState handoff() {
        return handoff == null
                ? new HandoffState(HandoffConfig.EMPTY, Optional.empty())
                : new HandoffState(handoff.config(), handoff.version());
    }

    /**
     * Puts a validated hand-off configuration in force from {@code nowMillis}, stored as its next
     * version; waiting leads go to members now able to take them.
     */
    public void configureHandoff(String yaml, HandoffConfig config, long nowMillis, String by) {
        synchronized (writes) {
            recoverIfNeeded();
            requireHandoff();
            write(
                    List.of(),
                    nowMillis,
                    new ArrayList<>(),
                    batch -> handoff.configure(engine, yaml, config, nowMillis, by, batch));
        }
    }

    /** Gives a lead in the hand-off to {@code member} by hand; false when it is not in it or the member is unknown. */
    public boolean reassign(String leadId, String member, long nowMillis) {
        synchronized (writes) {
            recoverIfNeeded();
            requireHandoff();
            boolean[] done = {false};
            write(
                    List.of(),
                    nowMillis,
                    new ArrayList<>(),
                    batch -> done[0] = handoff.reassign(engine, leadId, member, nowMillis, batch));
            return done[0];
        }
    }

    private void requireHandoff() {
        if (handoff == null) {
            throw new IllegalStateException("this server runs without a hand-off");
        }
    }

    /** A lead's place in the hand-off (owner, team, clocks) and its nurture track, if any. */
    public record HandoffCase(Optional<Desk.CaseView> desk, Optional<String> track) {}

    public synchronized HandoffCase handoffCase(String leadId) {
        return handoff == null
                ? new HandoffCase(Optional.empty(), Optional.empty())
                : new HandoffCase(handoff.view(leadId), handoff.track(leadId));
    }

    /** A lead of a sales queue: its place in the hand-off, its headline and why it scores as it does. */
    public record QueueEntry(Desk.CaseView handoff, LeadSummary lead, List<LedgerEntry> why) {}

    /** A page of a sales queue, and how many leads the whole queue holds. */
    public record Queue(List<QueueEntry> leads, int total) {}

    /**
     * The open MQLs and SALs of {@code owner} or {@code team} (or all): hand-raisers first, then by
     * SLA due time; {@code limit} of them from {@code offset}, each with its {@code top} largest
     * ledger entries.
     */
    public synchronized Queue queue(
            Optional<String> owner, Optional<String> team, int top, int offset, int limit, long nowMillis) {
        advance(nowMillis);
        if (handoff == null) {
            return new Queue(List.of(), 0);
        }
        List<Desk.CaseView> cases = handoff.desk().queue(owner, team);
        List<QueueEntry> out = new ArrayList<>();
        for (Desk.CaseView c :
                cases.subList(Math.min(offset, cases.size()), (int) Math.min(cases.size(), (long) offset + limit))) {
            Optional<LeadSnapshot> lead = engine.snapshot(c.leadId(), nowMillis);
            Optional<LeadSummary> summary = engine.summary(c.leadId(), nowMillis);
            if (lead.isPresent() && summary.isPresent()) {
                List<LedgerEntry> why = lead.get().ledger().stream()
                        .sorted(Comparator.comparingDouble((LedgerEntry e) -> -Math.abs(e.points())))
                        .limit(top)
                        .toList();
                out.add(new QueueEntry(c, summary.get(), why));
            }
        }
        return new Queue(out, cases.size());
    }

    /** How many late records made a rebuild so far. */
    public synchronized long rebuilds() {
        return rebuilds;
    }
}
