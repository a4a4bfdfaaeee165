package dev.leadflow.handoff;

import dev.leadflow.handoff.HandoffConfig.EscalationAction;
import dev.leadflow.handoff.HandoffConfig.Member;
import dev.leadflow.handoff.HandoffConfig.NurtureTrack;
import dev.leadflow.handoff.HandoffConfig.Sla;
import dev.leadflow.handoff.HandoffConfig.Strategy;
import dev.leadflow.handoff.HandoffConfig.Team;
import dev.leadflow.handoff.Router.Decision;
import dev.leadflow.handoff.SlaClock.Kind;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.model.Facts;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The hand-off of MQLs to sales (docs/HANDOFF.md), driven by what the engine does to leads: an MQL is
 * routed (or queued, or left unrouted), its SLA clocks start when it gets an owner, stop when sales
 * accepts and touches it, and when they run out the breach is recorded and the escalation steps
 * run; a lead leaving the hand-off frees its owner's capacity for the team's queue (hand-raisers
 * first); a recycled lead enters a nurture track and leaves it when it re-qualifies or is
 * disqualified. Every call returns what happened, as {@link HandoffEvent}s. Deterministic: time is
 * only the instants passed in, timers fire in (due, lead, clock, step) order. Not thread-safe.
 *
 * <p>As docs/HANDOFF.md says, the accept clock starts at MQL and the first-touch clock at the last
 * conversion (at MQL when there was none), counted in the owner's working hours, or the team's
 * while the lead waits in its queue (a breach there has no owner). Choices made here: both
 * clocks escalate by the same steps; a {@code notify} step at the breach itself is the breach
 * notice; a reassignment (by escalation or by hand) restarts both clocks for the new owner and
 * drops the old owner's pending steps; the new owner's breach then goes on with the steps after
 * the reassignment (so {@code notify, reassign, recycle} ends in a recycle, not in leads passed
 * round forever), while a reassignment by hand starts the steps over; when nobody else can take
 * the lead, it stays with its owner and the next step runs; an unrouted MQL runs no clocks (nobody is responsible for it).
 */
public final class Desk {

    private HandoffConfig config;
    private final Router router = new Router();
    private final Map<String, Case> cases = new HashMap<>();
    private final Map<String, Integer> open = new HashMap<>();
    private final Map<String, String> nurture = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Timer.ORDER);
    /** The next clock generation, desk-wide: a lead that qualifies again never meets its old case's timers. */
    private long nextGeneration;
    /** Cases routed to a team that nobody there could take yet: hand-raisers first, then in MQL order. */
    private final TreeSet<Case> waiting = new TreeSet<>(Comparator.<Case, Boolean>comparing(c -> !c.handRaiser)
            .thenComparing(c -> c.mqlAt)
            .thenComparing(c -> c.leadId));

    public Desk(HandoffConfig config) {
        this.config = config;
    }

    /** The configuration in force. */
    public HandoffConfig config() {
        return config;
    }

    /** The nurture track the lead is in, if any. */
    public Optional<String> track(String leadId) {
        return Optional.ofNullable(nurture.get(leadId));
    }

    /** The team a lead went to, by which rule and strategy. */
    private record Route(String team, String rule, Strategy strategy) {}

    /** A lead in the hand-off: from MQL until it is qualified, recycled or disqualified. */
    private static final class Case {
        String leadId;
        final boolean handRaiser;
        final Instant mqlAt;
        final @Nullable Instant lastConversion;
        /** The team, rule and strategy that routed the lead; null while it is unrouted. */
        @Nullable
        Route route;

        @Nullable
        String owner;

        @Nullable
        SlaClock accept;

        @Nullable
        SlaClock touch;

        boolean accepted;
        boolean touched;
        /** Renewed whenever the clocks restart or stop: a timer of another generation is ignored. */
        long generation = -1;
        /** When the lead last got an owner (the queue wait is from {@code mqlAt} to the first). */
        @Nullable
        Instant assignedAt;
        /** The first escalation step the next breach runs: after an escalation's reassignment, the ones after it. */
        int ladder;

        Case(String leadId, boolean handRaiser, Instant mqlAt, @Nullable Instant lastConversion) {
            this.leadId = leadId;
            this.handRaiser = handRaiser;
            this.mqlAt = mqlAt;
            this.lastConversion = lastConversion;
        }
    }

    /** A clock's warning ({@code step} -1), breach (0) or escalation step (1 …) falling due. */
    private record Timer(Instant due, String leadId, long generation, Kind clock, int step) {
        static final Comparator<Timer> ORDER = Comparator.comparing(Timer::due)
                .thenComparing(Timer::leadId)
                .thenComparing(Timer::clock)
                .thenComparingInt(Timer::step);
    }

    /** The owner, clocks and queue place of a lead in the hand-off, for the API and the sales queue. */
    public record CaseView(
            String leadId,
            boolean handRaiser,
            Instant mqlAt,
            Optional<Instant> assignedAt,
            Optional<String> team,
            Optional<String> owner,
            Optional<SlaClock> accept,
            Optional<SlaClock> firstTouch,
            boolean accepted,
            boolean touched) {}

    /** The lead became an MQL at {@code at}: routes it by the first rule that holds for {@code facts}. */
    public List<HandoffEvent> mql(
            String leadId, Facts facts, Instant at, @Nullable Instant lastConversion, boolean handRaiser) {
        return mql(leadId, config.ruleFor(facts).map(HandoffConfig.RoutingRule::name), at, lastConversion, handRaiser);
    }

    /**
     * The lead became an MQL at {@code at}: routes it by {@code rule}, the first rule that held for it
     * (none: unrouted); {@code lastConversion} may be null.
     */
    public List<HandoffEvent> mql(
            String leadId, Optional<String> rule, Instant at, @Nullable Instant lastConversion, boolean handRaiser) {
        List<HandoffEvent> events = new ArrayList<>();
        String track = nurture.remove(leadId);
        if (track != null) {
            events.add(new HandoffEvent.NurtureExited(leadId, at, track, "requalified"));
        }
        boolean freed = close(leadId);
        Case c = new Case(leadId, handRaiser, at, lastConversion);
        cases.put(leadId, c);
        switch (router.route(config, rule.flatMap(config::rule), this::openOf)) {
            case Decision.Assigned a -> events.add(assign(c, a, at, "mql"));
            case Decision.Queued q -> {
                c.route = new Route(q.team(), q.rule(), strategyOf(q.rule(), Strategy.ROUND_ROBIN));
                waiting.add(c);
                startClocks(c, at, true); // the team's clocks run meanwhile
                events.add(new HandoffEvent.Queued(leadId, at, q.team(), q.rule(), q.skipped()));
            }
            case Decision.Unrouted u -> events.add(new HandoffEvent.Unrouted(leadId, at));
        }
        if (freed) {
            events.addAll(drainQueues(at));
        }
        return events;
    }

    /** Sales accepted the lead (MQL → SAL): its accept clock stops and its owner has one open MQL less. */
    public List<HandoffEvent> accepted(String leadId, Instant at) {
        Case c = cases.get(leadId);
        if (c == null || c.accepted) {
            return List.of();
        }
        c.accepted = true;
        waiting.remove(c); // accepted by someone before it got an owner
        if (c.owner != null) {
            open.merge(c.owner, -1, Integer::sum);
        }
        return drainQueues(at);
    }

    /** The owner made the first contact: the first-touch clock stops (a touch before this MQL counts for nothing). */
    public List<HandoffEvent> touched(String leadId, Instant at) {
        Case c = cases.get(leadId);
        if (c != null && !at.isBefore(c.mqlAt)) {
            c.touched = true;
        }
        return List.of();
    }

    /**
     * The lead moved to {@code to}, other than MQL and SAL: it leaves the hand-off (recycled,
     * disqualified, qualified or beyond); a recycled lead enters the first nurture track that
     * takes it; a disqualified one leaves its track.
     */
    public List<HandoffEvent> moved(String leadId, Stage to, @Nullable String reason, Facts facts, Instant at) {
        Optional<String> track =
                to == Stage.RECYCLED ? config.trackFor(reason, facts).map(NurtureTrack::name) : Optional.empty();
        return moved(leadId, to, reason, track, at);
    }

    /** {@link #moved(String, Stage, String, Facts, Instant)} with the nurture track already chosen. */
    public List<HandoffEvent> moved(
            String leadId, Stage to, @Nullable String reason, Optional<String> track, Instant at) {
        List<HandoffEvent> events = new ArrayList<>();
        boolean freed = close(leadId);
        if (to == Stage.RECYCLED && track.isPresent()) {
            nurture.put(leadId, track.get());
            events.add(new HandoffEvent.NurtureEntered(leadId, at, track.get(), reason));
        } else if (to == Stage.DISQUALIFIED && nurture.containsKey(leadId)) {
            events.add(new HandoffEvent.NurtureExited(leadId, at, nurture.remove(leadId), "disqualified"));
        }
        if (freed) {
            events.addAll(drainQueues(at));
        }
        return events;
    }

    /**
     * Lead {@code from} was merged into {@code into}. When the merged lead took {@code from}'s
     * lifecycle, it takes its hand-off too (case, owner, clocks, pending steps, nurture track) and
     * {@code into}'s own is closed; otherwise {@code from}'s is closed. A freed owner takes the next
     * waiting lead.
     */
    public List<HandoffEvent> merged(String from, String into, boolean tookFromLifecycle, Instant at) {
        if (from.equals(into)) {
            return List.of();
        }
        boolean freed;
        if (!tookFromLifecycle) {
            freed = close(from);
            nurture.remove(from);
        } else {
            freed = close(into);
            nurture.remove(into);
            String track = nurture.remove(from);
            if (track != null) {
                nurture.put(into, track);
            }
            Case c = cases.remove(from);
            if (c != null) {
                boolean queued = waiting.remove(c);
                c.leadId = into;
                cases.put(into, c);
                if (queued) {
                    waiting.add(c);
                }
                List<Timer> moved =
                        timers.stream().filter(t -> t.leadId().equals(from)).toList();
                timers.removeAll(moved);
                moved.forEach(t -> timers.add(new Timer(t.due(), into, t.generation(), t.clock(), t.step())));
            }
        }
        return freed ? drainQueues(at) : List.of();
    }

    /** Hands the lead to {@code member} (of whichever team they are in), by hand; empty for an unknown lead or member. */
    public Optional<HandoffEvent> reassign(String leadId, String member, Instant at) {
        Case c = cases.get(leadId);
        if (c == null) {
            return Optional.empty();
        }
        Optional<Team> team = config.teams().stream()
                .filter(t -> t.members().stream().anyMatch(m -> m.id().equals(member)))
                .findFirst();
        if (team.isEmpty()) {
            return Optional.empty();
        }
        Decision.Assigned by = new Decision.Assigned(
                team.get().id(),
                member,
                "manual",
                c.route == null ? Strategy.ROUND_ROBIN : c.route.strategy(),
                List.of());
        c.ladder = 0; // a person decided: the escalation starts over
        return Optional.of(assign(c, by, at, "manual"));
    }

    /** A new configuration from {@code at}: members back from away, or given capacity, take waiting leads. */
    public List<HandoffEvent> configure(HandoffConfig next, Instant at) {
        this.config = next;
        List<HandoffEvent> events = new ArrayList<>();
        for (Case c : List.copyOf(waiting)) {
            if (teamOf(c).flatMap(next::team).isEmpty()) { // its team is gone: unrouted, as if no rule held
                waiting.remove(c);
                c.route = null;
                events.add(new HandoffEvent.Unrouted(c.leadId, at));
            }
        }
        events.addAll(drainQueues(at));
        return events;
    }

    /** The instant of the next timer, if any. */
    public Optional<Instant> nextDue() {
        return Optional.ofNullable(timers.peek()).map(Timer::due);
    }

    /** Fires every timer due at or before {@code upTo}, in order. */
    public List<HandoffEvent> fire(Instant upTo) {
        List<HandoffEvent> events = new ArrayList<>();
        while (!timers.isEmpty() && !timers.peek().due().isAfter(upTo)) {
            Timer t = timers.poll();
            Case c = cases.get(t.leadId());
            if (c == null || c.generation != t.generation() || stopped(c, t.clock())) {
                continue;
            }
            events.addAll(fire(c, t));
        }
        return events;
    }

    /** The lead's place in the hand-off, if it is in it (its queue wait is from {@code mqlAt} to {@code assignedAt}). */
    public Optional<CaseView> view(String leadId) {
        return Optional.ofNullable(cases.get(leadId)).map(Desk::view);
    }

    private static CaseView view(Case c) {
        return new CaseView(
                c.leadId,
                c.handRaiser,
                c.mqlAt,
                Optional.ofNullable(c.assignedAt),
                teamOf(c),
                Optional.ofNullable(c.owner),
                Optional.ofNullable(c.accept),
                Optional.ofNullable(c.touch),
                c.accepted,
                c.touched);
    }

    /**
     * The leads owned by {@code owner}, or waiting in or owned within team {@code team}: hand-raisers
     * first, then by the due time of their earliest running clock, then in MQL order.
     */
    public List<CaseView> queue(Optional<String> owner, Optional<String> team) {
        return cases.values().stream()
                .filter(c -> owner.map(o -> o.equals(c.owner)).orElse(true))
                .filter(c ->
                        team.map(t -> teamOf(c).filter(t::equals).isPresent()).orElse(true))
                .sorted(Comparator.<Case, Boolean>comparing(c -> !c.handRaiser)
                        .thenComparing(Desk::nextDue)
                        .thenComparing(c -> c.mqlAt)
                        .thenComparing(c -> c.leadId))
                .map(Desk::view)
                .toList();
    }

    /** Every lead in the hand-off, in no particular order (cheaper than {@link #queue} when order does not matter). */
    public List<CaseView> cases() {
        List<CaseView> out = new ArrayList<>(cases.size());
        cases.values().forEach(c -> out.add(view(c)));
        return out;
    }

    /**
     * Visits each clock running at {@code now} with its owner: given to an owner, not stopped (the
     * lead accepted, or touched), not yet due. In no particular order.
     */
    public void forEachRunningClock(Instant now, BiConsumer<String, SlaClock> visitor) {
        for (Case c : cases.values()) {
            if (c.owner == null) {
                continue;
            }
            if (!c.accepted && c.accept != null && c.accept.due().isAfter(now)) {
                visitor.accept(c.owner, c.accept);
            }
            if (!c.touched && c.touch != null && c.touch.due().isAfter(now)) {
                visitor.accept(c.owner, c.touch);
            }
        }
    }

    /** How many open (assigned, not yet accepted) MQLs {@code member} holds. */
    public int openOf(String member) {
        return open.getOrDefault(member, 0);
    }

    private List<HandoffEvent> fire(Case c, Timer t) {
        SlaClock clock = Objects.requireNonNull(t.clock() == Kind.ACCEPT ? c.accept : c.touch); // it set the timer
        if (t.step() < 0) {
            return List.<HandoffEvent>of(
                    new HandoffEvent.SlaWarning(c.leadId, t.due(), c.owner, t.clock(), clock.due()));
        }
        Team team = teamOf(c).flatMap(config::team).orElse(null);
        Sla sla = team == null ? config.sla() : team.sla();
        if (t.step() == 0) {
            List<Instant> at = clock.escalations(sla.escalation(), hours(c));
            for (int i = c.ladder; i < at.size(); i++) {
                timers.add(new Timer(at.get(i), c.leadId, c.generation, t.clock(), i + 1));
            }
            return List.of(new HandoffEvent.SlaBreached(c.leadId, t.due(), c.owner, t.clock(), 0));
        }
        if (t.step() > sla.escalation().size()) {
            return List.of(); // the configuration changed since the breach
        }
        EscalationAction action = sla.escalation().get(t.step() - 1).action();
        return switch (action) {
            case NOTIFY ->
                sla.escalation().get(t.step() - 1).afterMillis() == 0
                        ? List.<HandoffEvent>of()
                        : List.of(new HandoffEvent.SlaBreached(c.leadId, t.due(), c.owner, t.clock(), t.step()));
            case RECYCLE -> List.of(new HandoffEvent.RecycleRequested(c.leadId, t.due(), c.owner, t.clock()));
            case REASSIGN -> {
                if (team == null || c.route == null) {
                    yield List.of();
                }
                Route route = c.route;
                yield switch (router.choose(
                        team, route.rule(), route.strategy(), this::openOf, Optional.ofNullable(c.owner))) {
                    case Decision.Assigned a -> {
                        c.ladder = t.step(); // the new owner's breach goes on with the steps after this one
                        yield List.of(assign(c, a, t.due(), "sla_breach"));
                    }
                    default -> List.of();
                };
            }
        };
    }

    /** Gives the case to the chosen member with fresh clocks. */
    private HandoffEvent assign(Case c, Decision.Assigned a, Instant at, String cause) {
        waiting.remove(c);
        if (c.owner != null && !c.accepted) {
            open.merge(c.owner, -1, Integer::sum);
        }
        c.route = new Route(a.team(), a.rule(), a.strategy());
        c.owner = a.member();
        if (!c.accepted) {
            open.merge(a.member(), 1, Integer::sum);
        }
        c.assignedAt = at;
        boolean reassigned = cause.equals("sla_breach") || cause.equals("manual");
        if (reassigned) { // the new owner gets the full time
            startClocks(c, at, false);
        } else if (c.generation < 0) {
            startClocks(c, c.mqlAt, true);
        }
        return new HandoffEvent.Assigned(
                c.leadId,
                at,
                a.team(),
                a.member(),
                a.rule(),
                a.strategy().wireName(),
                a.skipped(),
                cause,
                c.accept,
                c.touch);
    }

    /**
     * Starts, at {@code now}, the clocks of the promises not yet kept, in the hours of the owner (or
     * of the team while queued). The first-touch clock counts from the lead's last conversion when
     * {@code fromConversion} and that conversion's clock is still running now; a conversion whose
     * clock would have run out before the lead was handed off is stale (the lead qualified later, on
     * other behaviour), and the clock starts now. No clock starts, warns or breaches before now.
     */
    private void startClocks(Case c, Instant now, boolean fromConversion) {
        c.generation = nextGeneration++;
        Sla sla = teamOf(c).flatMap(config::team).map(Team::sla).orElse(config.sla());
        WorkingHours hours = hours(c);
        if (!c.accepted) {
            c.accept = SlaClock.start(Kind.ACCEPT, now, sla, hours);
            schedule(c, c.accept, now);
        }
        if (!c.touched) {
            Instant conversion = c.lastConversion;
            SlaClock fromIt = fromConversion && conversion != null && !conversion.isAfter(now)
                    ? SlaClock.start(Kind.FIRST_TOUCH, conversion, sla, hours)
                    : null;
            c.touch = fromIt != null && fromIt.due().isAfter(now)
                    ? fromIt
                    : SlaClock.start(Kind.FIRST_TOUCH, now, sla, hours);
            schedule(c, c.touch, now);
        }
    }

    /** The clock's warning (unless it fell before {@code now}) and breach timers. */
    private void schedule(Case c, SlaClock clock, Instant now) {
        if (!clock.warning().isBefore(now)) {
            timers.add(new Timer(clock.warning(), c.leadId, c.generation, clock.kind(), -1));
        }
        timers.add(new Timer(clock.due(), c.leadId, c.generation, clock.kind(), 0));
    }

    /** Assigns waiting leads, team by team, hand-raisers first, then in MQL order, while someone can take one. */
    private List<HandoffEvent> drainQueues(Instant at) {
        List<HandoffEvent> events = new ArrayList<>();
        for (Case c : List.copyOf(waiting)) {
            Route route = c.route;
            if (route == null) {
                continue; // a waiting lead is always routed
            }
            Optional<Team> team = config.team(route.team());
            Strategy strategy = strategyOf(route.rule(), route.strategy()); // the rule as it is now
            if (team.isPresent()
                    && router.choose(team.get(), route.rule(), strategy, this::openOf, Optional.empty())
                            instanceof Decision.Assigned a) {
                events.add(assign(c, a, at, "queue"));
            }
        }
        return events;
    }

    /** Removes the lead's case, if any; returns whether that freed a unit of its owner's capacity. */
    private boolean close(String leadId) {
        Case c = cases.remove(leadId);
        if (c == null) {
            return false;
        }
        waiting.remove(c);
        c.generation = nextGeneration++;
        if (c.owner != null && !c.accepted) {
            open.merge(c.owner, -1, Integer::sum);
            return true;
        }
        return false;
    }

    /** The strategy of the routing rule named {@code rule} in the current configuration; {@code otherwise} when it is gone. */
    private Strategy strategyOf(String rule, Strategy otherwise) {
        return config.routing().stream()
                .filter(r -> r.name().equals(rule))
                .findFirst()
                .map(HandoffConfig.RoutingRule::strategy)
                .orElse(otherwise);
    }

    private static Optional<String> teamOf(Case c) {
        return c.route == null ? Optional.empty() : Optional.of(c.route.team());
    }

    /** When the case's earliest running clock runs out ({@link Instant#MAX} when none runs). */
    private static Instant nextDue(Case c) {
        Instant due = Instant.MAX;
        if (c.accept != null && !c.accepted && c.accept.due().isBefore(due)) {
            due = c.accept.due();
        }
        if (c.touch != null && !c.touched && c.touch.due().isBefore(due)) {
            due = c.touch.due();
        }
        return due;
    }

    private static boolean stopped(Case c, Kind clock) {
        return clock == Kind.ACCEPT ? c.accepted : c.touched;
    }

    /** The owner's working hours (their team's when they left the configuration). */
    private WorkingHours hours(Case c) {
        Optional<Team> team = teamOf(c).flatMap(config::team);
        return team.flatMap(t ->
                        t.members().stream().filter(m -> m.id().equals(c.owner)).findFirst())
                .map(Member::hours)
                .orElseGet(() -> team.map(Team::hours).orElse(WorkingHours.always(ZoneOffset.UTC)));
    }
}
