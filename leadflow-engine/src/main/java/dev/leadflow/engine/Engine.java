package dev.leadflow.engine;

import dev.leadflow.input.Alias;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.LifecycleState;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.StateMachine;
import dev.leadflow.lifecycle.StateMachine.Decision;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Condition;
import dev.leadflow.model.Model;
import dev.leadflow.model.Score;
import dev.leadflow.scoring.LedgerEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The Leadflow engine: applies input records, one at a time, to the leads they concern, under one
 * model. Every caller (offline replay, backtest, the server, the Kafka runtime) goes through
 * {@link #apply} and {@link #advanceTo}, so they cannot disagree.
 *
 * <p>Design note. The engine is a deterministic state machine with no clock and no I/O: time is
 * the records' timestamps, and timers (MQL expiry) fire when the caller advances time or when the
 * lead's next record arrives, at the instant they were due either way. Records must be given in
 * processing order: by timestamp, ties in input order ({@link Replay} sorts a file so); a live
 * host that receives a record dated before its leads' latest ({@link #isLate}) rebuilds those leads
 * instead ({@link #rebuild}). Identity ({@link Identities}): an anonymous history joins the userId
 * that identifies it, and {@code alias} merges two leads; a merge rebuilds the merged lead's scores
 * from the interleaved histories of both, so they are exactly what one lead would have had, while
 * the lifecycle (which happened in real time) continues from the lead further along and then
 * re-evaluates the automatic moves at once. Not thread-safe: one engine is driven by one thread.
 */
public final class Engine {

    /** Actors recorded on automatic transitions. */
    public static final String ACTOR_IDENTITY = "identity";

    public static final String ACTOR_CONVERSION = "conversion";
    public static final String ACTOR_CRITERIA = "lifecycle.mql";
    public static final String ACTOR_FAST_LANE = "fast_lane";
    public static final String ACTOR_TIMER = "timer";

    /** Prefix of the id of a lead known only by an anonymousId. */
    public static final String ANONYMOUS_PREFIX = "anon:";

    private final Model model;
    private final EngineListener listener;
    private final AppliedRecords applied = new AppliedRecords();
    private final Identities identities;
    /** Arrival rank of the next new record. */
    private int nextRank;
    /** Latest time of a lifecycle action refused because its userId had no lead. */
    private final Map<String, Long> refusedUnknownAt = new HashMap<>();

    private final ExpiryQueue timers;
    private final AutomaticMoves moves;
    /** The time of the record being applied, for the listener's merge notices. */
    private long applyingAt;

    public Engine(Model model) {
        this(model, EngineListener.NONE);
    }

    public Engine(Model model, EngineListener listener) {
        this(model, listener, List.of());
    }

    /**
     * An engine that also keeps, for every lead, the lifecycle it would have under each of
     * {@code lanes} as MQL criteria (see {@link AutomaticMoves}; read with {@link #forEachLaneLifecycle}).
     * For a backtest: lanes move only automatically, so the history should hold no sales actions.
     */
    public Engine(Model model, EngineListener listener, List<Optional<Condition>> lanes) {
        this.model = model;
        this.listener = listener;
        this.identities = new Identities(
                model,
                applied,
                (source, target, tookSource) -> listener.onMerge(source, target, tookSource, applyingAt),
                lanes.size());
        this.timers = new ExpiryQueue(identities.leads());
        this.moves = new AutomaticMoves(model, lanes, timers, listener);
    }

    public Model model() {
        return model;
    }

    /**
     * Applies one record at its own timestamp. A record whose messageId was applied before, to any
     * lead, is a duplicate and ignored (the messageId is the record's idempotency key, as in
     * Segment); an illegal lifecycle action is refused and changes nothing (a timer already due at
     * its time still fires), so the same messageId may be sent again.
     */
    public Outcome apply(Input input) {
        if (applied.contains(input.messageId())) {
            return new Outcome.Duplicate(input.messageId());
        }
        if (nextRank == Integer.MAX_VALUE) {
            throw new IllegalStateException(
                    "an engine takes at most " + Integer.MAX_VALUE + " records; partition the leads over more engines");
        }
        return apply(input, nextRank++);
    }

    /** Applies a record that is not a duplicate with its arrival rank (see {@link AppliedRecords}). */
    private Outcome apply(Input input, int rank) {
        long t = input.epochMillis();
        applyingAt = t;
        Lead existing = identities.existing(input);
        return switch (input) {
            case LifecycleCommand c -> act(existing, c, t, rank);
            case Alias a -> alias(existing, a, t, rank);
            default -> {
                Lead lead = identities.resolve(existing, input);
                lead.touch(t);
                moves.fireDueTimer(lead, t);
                lead.record(applied.add(input, rank), input, applied);
                moves.afterRecord(lead, input, t);
                yield lead.applied;
            }
        };
    }

    /**
     * Whether {@code input} comes too late to be applied now: a lead it concerns already has a
     * record (or a timer transition) later than it, or an action refused for want of its lead
     * came later. Applying it now would then differ from processing the history in order; the
     * caller rebuilds the leads it concerns instead ({@link #rebuild}). A duplicate is never late.
     * A live server asks this of every record; a replay, which sorts its records, never needs to.
     */
    public boolean isLate(Input input) {
        if (applied.contains(input.messageId())) {
            return false; // a duplicate is ignored wherever it falls
        }
        long t = input.epochMillis();
        String userId = input.userId();
        if (userId != null
                && (lastAt(identities.byUserId(userId)) > t
                        || refusedUnknownAt.getOrDefault(userId, Long.MIN_VALUE) > t)) {
            return true;
        }
        if (input.anonymousId() != null && lastAt(identities.byAnonymousId(input.anonymousId())) > t) {
            return true;
        }
        return input instanceof Alias a
                && (lastAt(identities.byUserId(a.previousId())) > t
                        || lastAt(identities.byAnonymousId(a.previousId())) > t);
    }

    private static long lastAt(@Nullable Lead lead) {
        return lead == null ? Long.MIN_VALUE : lead.lastAt();
    }

    /**
     * The identity keys a record names: its userId, its anonymousId and an alias's previousId. Two
     * records can concern the same lead only through a chain of shared keys; see {@link #rebuild}.
     */
    public static Set<String> identityKeys(Input input) {
        Set<String> keys = new java.util.HashSet<>(4);
        if (input.userId() != null) {
            keys.add(input.userId());
        }
        if (input.anonymousId() != null) {
            keys.add(input.anonymousId());
        }
        if (input instanceof Alias a) {
            keys.add(a.previousId());
        }
        return keys;
    }

    /**
     * Forgets every lead, identity and applied record of the identity keys {@code keys} (userIds,
     * anonymousIds, alias previousIds) and applies {@code records} again, in the order given
     * (processing order). {@code keys} must be closed: every record that names one of them is in
     * {@code records}, and every key those records name is in {@code keys}. Leads of other keys
     * never interact with them, so the result is what processing the whole history in order
     * would give. Returns the outcome of each record, in order.
     */
    public List<Outcome> rebuild(Set<String> keys, List<? extends Input> records) {
        identities.forget(keys);
        keys.forEach(refusedUnknownAt::remove);
        int[] ranks = new int[records.size()];
        for (int i = 0; i < ranks.length; i++) {
            String messageId = records.get(i).messageId();
            ranks[i] = applied.rankOf(messageId); // a record applied before keeps its place among ties
            applied.forget(messageId);
        }
        List<Outcome> outcomes = new ArrayList<>(records.size());
        for (int i = 0; i < ranks.length; i++) {
            Input record = records.get(i);
            outcomes.add(
                    applied.contains(record.messageId())
                            ? new Outcome.Duplicate(record.messageId())
                            : apply(record, ranks[i] != AppliedRecords.NONE ? ranks[i] : nextRank++));
        }
        return outcomes;
    }

    /** Fires every timer due at or before {@code atMillis}, in the order they fall due. */
    public void advanceTo(long atMillis) {
        for (Lead lead : timers.due(atMillis)) {
            moves.fireDueTimer(lead, atMillis);
        }
    }

    /** The ids of all leads, sorted. */
    public List<String> leadIds() {
        List<String> ids = identities.leadIds();
        ids.sort(null);
        return ids;
    }

    /** What the reports read of one lead: its transitions (oldest first) and sales touches. */
    @FunctionalInterface
    public interface LifecycleVisitor {
        void visit(String leadId, List<Transition> transitions, long[] touches);
    }

    /** Visits every lead's lifecycle, in no particular order (cheaper than {@link #leadIds} for reports). */
    public void forEachLifecycle(LifecycleVisitor visitor) {
        identities.leads().forEachLead(l -> visitor.visit(l.id, l.lifecycle.transitions(), l.lifecycle.touches()));
    }

    /** Visits every lead's lifecycle in lane {@code lane} (1 to the number of lanes given), as {@link #forEachLifecycle} does. */
    public void forEachLaneLifecycle(int lane, LifecycleVisitor visitor) {
        if (lane < 1 || lane > moves.extraLanes()) {
            throw new IllegalArgumentException("no lane " + lane + " (this engine has " + moves.extraLanes() + ")");
        }
        identities
                .leads()
                .forEachLead(l -> visitor.visit(
                        l.id, l.lane(lane).transitions(), l.lane(lane).touches()));
    }

    /** Visits one lead's lifecycle as {@link #forEachLifecycle} does; false (nothing visited) when there is no such lead. */
    public boolean visitLifecycle(String leadId, LifecycleVisitor visitor) {
        Lead lead = identities.lead(leadId);
        if (lead == null) {
            return false;
        }
        visitor.visit(lead.id, lead.lifecycle.transitions(), lead.lifecycle.touches());
        return true;
    }

    public int leadCount() {
        return identities.leads().size();
    }

    /** How many leads are in each stage now, every stage present, in funnel order. */
    public Map<Stage, Integer> stageCounts() {
        Map<Stage, Integer> counts = new java.util.EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            counts.put(s, 0);
        }
        identities.leads().forEachLead(lead -> counts.merge(lead.lifecycle.stage(), 1, Integer::sum));
        return counts;
    }

    /** The lead a userId or anonymousId belongs to now, if any. */
    public Optional<String> leadOf(String userOrAnonymousId) {
        return Optional.ofNullable(identities.leadIdOf(userOrAnonymousId));
    }

    /** The current stage of a lead, if it exists. */
    public Optional<Stage> stage(String leadId) {
        return Optional.ofNullable(identities.lead(leadId)).map(l -> l.lifecycle.stage());
    }

    /**
     * What the hand-off needs of a lead as of {@code atMillis}: its conditions' facts (a view, valid
     * until the engine next changes) and its last conversion.
     */
    public Optional<HandoffView> handoffView(String leadId, long atMillis) {
        Lead lead = identities.lead(leadId);
        if (lead == null) {
            return Optional.empty();
        }
        LifecycleState lc = lead.lifecycle;
        return Optional.of(new HandoffView(
                lead.scoring.facts(null, atMillis, lc.priorCycles()),
                lc.lastConversionAt() == LifecycleState.NEVER ? Optional.empty() : Optional.of(lc.lastConversionAt())));
    }

    /** A lead's transitions, oldest first (empty for an unknown lead). */
    public List<Transition> transitions(String leadId) {
        Lead lead = identities.lead(leadId);
        return lead == null ? List.of() : lead.lifecycle.transitions();
    }

    /**
     * The lead's fit plus engagement as of {@code atMillis}, which should not be before its last
     * record; NaN for an unknown lead. What a backtest ranks people by.
     */
    public double totalScore(String leadId, long atMillis) {
        Lead lead = identities.lead(leadId);
        return lead == null ? Double.NaN : lead.scoring.fit() + lead.scoring.engagementAt(atMillis);
    }

    /** Every record applied, in processing order: the history a backtest replays under a draft. */
    public List<Input> records() {
        return applied.copy().inProcessingOrder();
    }

    /**
     * Every record applied, copied in an instant (a host copies them under its lock and puts them
     * in order outside it, see {@link #records}); positions whose lead was rebuilt hold null.
     */
    public Records recordsCopy() {
        return applied.copy();
    }

    /** A copy of an engine's records with their arrival ranks (see {@link #recordsCopy}). */
    public static final class Records {
        private final @Nullable Input[] records;
        private final int[] order;

        Records(@Nullable Input[] records, int[] order) {
            this.records = records;
            this.order = order;
        }

        /** The records in processing order: by timestamp, then arrival. */
        @SuppressWarnings("NullAway") // only positions holding a record are sorted
        public List<Input> inProcessingOrder() {
            Integer[] positions = new Integer[records.length];
            int n = 0;
            for (int p = 0; p < records.length; p++) {
                if (records[p] != null) {
                    positions[n++] = p;
                }
            }
            Arrays.sort(positions, 0, n, (a, b) -> {
                long ta = records[a].epochMillis();
                long tb = records[b].epochMillis();
                return ta != tb ? Long.compare(ta, tb) : Integer.compare(order[a], order[b]);
            });
            List<Input> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(records[positions[i]]);
            }
            return out;
        }
    }

    /** See {@link #handoffView}. */
    public record HandoffView(dev.leadflow.model.Facts facts, Optional<Long> lastConversionAt) {}

    /** Headlines of leads as of {@code atMillis} (see {@link LeadSummary}), for lists. */
    public Optional<LeadSummary> summary(String leadId, long atMillis) {
        Lead lead = identities.lead(leadId);
        return lead == null ? Optional.empty() : Optional.of(summary(lead, atMillis));
    }

    /**
     * Visits, in no particular order, the summary as of {@code atMillis} of every lead that
     * {@code wanted} accepts by its id and stage: a lead it refuses costs no summary (a list that
     * needs only ids and stages refuses them all and keeps what it was shown).
     */
    public void forEachSummary(long atMillis, BiPredicate<String, Stage> wanted, Consumer<LeadSummary> visitor) {
        identities.leads().forEachLead(lead -> {
            if (wanted.test(lead.id, lead.lifecycle.stage())) {
                visitor.accept(summary(lead, atMillis));
            }
        });
    }

    private LeadSummary summary(Lead lead, long atMillis) {
        double fit = lead.scoring.fit();
        double engagement = lead.scoring.engagementAt(atMillis);
        LifecycleState lc = lead.lifecycle;
        Optional<String> name = text(lead, "name").or(() -> {
            String first = text(lead, "first_name").orElse("");
            String last = text(lead, "last_name").orElse("");
            String joined = (first + " " + last).strip();
            return joined.isEmpty() ? Optional.empty() : Optional.of(joined);
        });
        return new LeadSummary(
                lead.id,
                lc.stage(),
                fit,
                engagement,
                model.grades().map(g -> g.grade(fit, engagement)),
                lc.cycle(),
                lc.mqlAt() == LifecycleState.NEVER ? Optional.empty() : Optional.of(lc.mqlAt()),
                text(lead, "email"),
                name,
                text(lead, "company.name"));
    }

    /**
     * The lead's grade as of {@code atMillis}, as {@link #summary} gives it; empty for an unknown
     * lead or a model without grades.
     */
    public Optional<String> grade(String leadId, long atMillis) {
        Lead lead = identities.lead(leadId);
        return lead == null
                ? Optional.empty()
                : model.grades().map(g -> g.grade(lead.scoring.fit(), lead.scoring.engagementAt(atMillis)));
    }

    private static Optional<String> text(Lead lead, String attribute) {
        Object value = lead.scoring.attribute(attribute);
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    /**
     * The lead as of {@code atMillis}, which should not be before its last record; call
     * {@link #advanceTo} first so that due timers have fired.
     */
    public Optional<LeadSnapshot> snapshot(String leadId, long atMillis) {
        Lead lead = identities.lead(leadId);
        if (lead == null) {
            return Optional.empty();
        }
        List<LedgerEntry> ledger = lead.scoring.ledger(atMillis);
        double fit = 0;
        double engagement = 0;
        for (LedgerEntry e : ledger) {
            if (e.score() == Score.FIT) {
                fit += e.points();
            } else {
                engagement += e.points();
            }
        }
        double f = fit;
        double eng = engagement;
        LifecycleState lc = lead.lifecycle;
        return Optional.of(new LeadSnapshot(
                lead.id,
                lc.stage(),
                fit,
                engagement,
                model.grades().map(g -> g.grade(f, eng)),
                lc.cycle(),
                lc.mqlAt() == LifecycleState.NEVER ? Optional.empty() : Optional.of(lc.mqlAt()),
                model.id(),
                atMillis,
                List.copyOf(ledger),
                List.copyOf(lc.transitions()),
                lead.scoring.profile(),
                List.copyOf(lead.anonymousIds),
                lead.scoring.explainProbability(lc.priorCycles())));
    }

    // ------------------------------------------------------------------ identity

    private Outcome alias(@Nullable Lead existing, Alias a, long t, int rank) {
        Lead target = existing != null ? existing : identities.known(a.userId());
        target.touch(t);
        moves.fireDueTimer(target, t);
        Lead source = identities.byAnyId(a.previousId());
        if (source != null && source != target) {
            moves.fireDueTimer(source, t);
        }
        identities.alias(a.previousId(), source, target);
        target.remember(applied.add(a, rank), applied);
        moves.afterRecord(target, a, t);
        return target.applied;
    }

    // ------------------------------------------------------------------ lifecycle

    private Outcome act(@Nullable Lead lead, LifecycleCommand c, long t, int rank) {
        if (lead == null) {
            refusedUnknownAt.merge(c.userId(), t, Math::max);
            return new Outcome.Refused(Outcome.Kind.UNKNOWN_LEAD, "unknown lead '" + c.userId() + "'");
        }
        lead.touch(t);
        moves.fireDueTimer(lead, t);
        Decision decision = StateMachine.decide(lead.lifecycle.stage(), c.action(), c.reason());
        switch (decision) {
            case Decision.Move m -> moves.move(lead, m.to(), t, c.actor(), m.reason(), false);
            case Decision.Stay s -> {
                lead.lifecycle.touched(t);
                listener.onAction(lead.id, c);
            }
            default -> {
                return refused(lead, decision);
            }
        }
        lead.remember(applied.add(c, rank), applied);
        moves.afterRecord(lead, c, t);
        return lead.applied;
    }

    private static Outcome.Refused refused(Lead lead, Decision decision) {
        return switch (decision) {
            case Decision.NotAllowed n ->
                new Outcome.Refused(Outcome.Kind.NOT_ALLOWED, "lead '" + lead.id + "': " + n.message());
            case Decision.BadReason b ->
                new Outcome.Refused(Outcome.Kind.BAD_REASON, "lead '" + lead.id + "': " + b.message());
            case Decision.Move m -> throw new IllegalArgumentException("not a refusal: " + m);
            case Decision.Stay s -> throw new IllegalArgumentException("not a refusal: " + s);
        };
    }

    /**
     * Whether {@link #apply} would refuse this action now, without changing anything: the refusal
     * it would give, or empty when it would be applied (a timer due by then counts as fired).
     */
    public Optional<Outcome.Refused> refusal(LifecycleCommand c) {
        if (applied.contains(c.messageId())) {
            return Optional.empty(); // a duplicate is accepted and ignored
        }
        Lead lead = identities.existing(c);
        if (lead == null) {
            return Optional.of(new Outcome.Refused(Outcome.Kind.UNKNOWN_LEAD, "unknown lead '" + c.userId() + "'"));
        }
        LifecycleState lc = lead.lifecycle;
        Stage stage = lc.stage() == Stage.MQL && lc.expiresAt() <= c.epochMillis() ? Stage.RECYCLED : lc.stage();
        Decision decision = StateMachine.decide(stage, c.action(), c.reason());
        return decision instanceof Decision.Move || decision instanceof Decision.Stay
                ? Optional.empty()
                : Optional.of(refused(lead, decision));
    }

    /**
     * The records applied to a lead (events, profile calls, aliases, sales actions), in processing
     * order; empty for an unknown lead.
     */
    public List<Input> history(String leadId) {
        Lead lead = identities.lead(leadId);
        if (lead == null) {
            return List.of();
        }
        int[] positions = lead.history(applied);
        List<Input> out = new ArrayList<>(positions.length);
        for (int p : positions) {
            out.add(applied.get(p));
        }
        return out;
    }
}
