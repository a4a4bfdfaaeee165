package dev.leadflow.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.app.port.Delivery;
import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.handoff.HandoffConfig.Notice;
import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.StateMachine;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Score;
import dev.leadflow.report.Health;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The hand-off to sales in the server: a {@link Desk} told what the engine does to leads, its
 * decisions journaled so that it survives restarts exactly, its events and webhook notices written
 * in the transaction of the records that caused them.
 *
 * <p>Design note. The desk holds global state (round-robin turns, capacity, queues), so it is not
 * rebuilt from the records; instead everything it is told goes to a journal ({@link DeskInput}),
 * in the transaction that stores the records, and on start the journal is replayed into a new
 * desk. The engine's listener only collects what it hears; {@link #process} then feeds it in order,
 * firing the desk's timers due before each change first, and returns the rows to write. An SLA
 * escalation that recycles a lead becomes a sales record ({@code recycle}, reason
 * {@code sla_breach}), stored and applied like any other. Not thread-safe: the caller
 * ({@link Leads}) holds its lock.
 */
final class Handoff implements SalesHandoff {

    /** The actor of the MQL the desk is told of at start for a lead it never heard of (no stage change is sent). */
    static final String ACTOR_ADOPTED = "handoff.adopted";

    private final HandoffConfigs configs;
    private final Desk desk = new Desk(HandoffConfig.EMPTY);
    private final HandoffLog log = new HandoffLog();
    private long nextJournal = 1;
    private long nextEvent;
    private final List<Heard> heard = new ArrayList<>();
    private boolean listening = true;

    /** A change the engine made: a transition; a touch (no transition); or a merge into {@code into}. */
    private record Heard(String leadId, Transition transition, long at, String into, boolean took) {
        Heard(String leadId, Transition transition, long at) {
            this(leadId, transition, at, null, false);
        }
    }

    private Handoff(HandoffConfigs configs, long nextEvent) {
        this.configs = configs;
        this.nextEvent = nextEvent;
    }

    /** The desk as the journal left it. */
    static Handoff load(HandoffJournal store) {
        Handoff h = new Handoff(new HandoffConfigs(store.versions()), store.lastEventSeq() + 1);
        store.forEachJournalRow(row -> {
            DeskInput input = DeskInput.parse(row.seq(), row.body());
            h.log.heard(input, input.applyTo(h.desk, h.configs));
            h.nextJournal = row.seq() + 1;
        });
        return h;
    }

    /** The engine's listener: collects what the desk must hear (while listening). */
    @Override
    public EngineListener listener() {
        return new EngineListener() {
            @Override
            public void onTransition(String leadId, Transition transition) {
                if (listening) {
                    heard.add(new Heard(leadId, transition, transition.at()));
                }
            }

            @Override
            public void onMerge(String sourceId, String targetId, boolean tookSourceLifecycle, long atMillis) {
                if (listening) {
                    heard.add(new Heard(sourceId, null, atMillis, targetId, tookSourceLifecycle));
                }
            }

            @Override
            public void onAction(String leadId, LifecycleCommand command) {
                if (listening && command.action() == Action.TOUCH) {
                    heard.add(new Heard(leadId, null, command.epochMillis()));
                }
            }
        };
    }

    /** While false, what the engine does is not told to the desk (a replay of what it was told already). */
    @Override
    public void listen(boolean on) {
        listening = on;
    }

    @Override
    public List<Desk.CaseView> queue(Optional<String> owner, Optional<String> team) {
        return desk.queue(owner, team);
    }

    /** What the desk did, for the reports. */
    @Override
    public HandoffLog log() {
        return log;
    }

    /** The clocks still running at {@code nowMillis}: not stopped, not run out. */
    @Override
    public List<Health.Running> running(long nowMillis) {
        List<Health.Running> running = new ArrayList<>();
        desk.forEachRunningClock(
                Instant.ofEpochMilli(nowMillis),
                (owner, clock) -> running.add(new Health.Running(owner, clock.kind(), clock.due())));
        return running;
    }

    @Override
    public HandoffConfig config() {
        return desk.config();
    }

    @Override
    public Optional<HandoffJournal.Version> version() {
        return configs.latest();
    }

    /** When the desk's next timer falls due, if it has one. */
    @Override
    public OptionalLong nextDue() {
        return desk.nextDue().map(d -> OptionalLong.of(d.toEpochMilli())).orElse(OptionalLong.empty());
    }

    /** Whether {@link #process} up to {@code upTo} would do anything. */
    @Override
    public boolean due(long upTo) {
        return !heard.isEmpty()
                || desk.nextDue().filter(d -> d.toEpochMilli() <= upTo).isPresent();
    }

    /** Tells the desk what it heard, in order, each after the timers due before it, then fires those due by {@code upTo}. */
    @Override
    public void process(Engine engine, long upTo, Batch out) {
        while (!heard.isEmpty()) {
            List<Heard> todo = List.copyOf(heard);
            heard.clear();
            for (Heard h : todo) {
                fire(engine, Math.min(h.at(), upTo), out);
                feed(engine, h, out);
            }
        }
        fire(engine, upTo, out);
    }

    /** Switches to a new configuration from {@code at}, stored as the next version. */
    @Override
    public void configure(Engine engine, String yaml, HandoffConfig config, long at, String by, Batch out) {
        HandoffJournal.Version v = new HandoffJournal.Version(configs.nextVersion(), yaml, at, by);
        configs.add(v);
        out.unit.version(v);
        run(engine, new DeskInput.Configured(at, v.version()), out);
    }

    /** Hands a lead to {@code member} by hand; false when the lead is not in the hand-off or the member unknown. */
    @Override
    public boolean reassign(Engine engine, String leadId, String member, long at, Batch out) {
        if (desk.view(leadId).isEmpty()
                || config().teams().stream()
                        .noneMatch(t -> t.members().stream().anyMatch(m -> m.id().equals(member)))) {
            return false;
        }
        fire(engine, at, out);
        run(engine, new DeskInput.Reassigned(leadId, at, member), out);
        return true;
    }

    private void fire(Engine engine, long upTo, Batch out) {
        if (desk.nextDue().filter(d -> d.toEpochMilli() <= upTo).isPresent()) {
            run(engine, new DeskInput.Fired(upTo), out);
        }
    }

    private void feed(Engine engine, Heard h, Batch out) {
        Transition t = h.transition();
        if (h.into() != null) {
            out.unit.merge(h.leadId(), h.into());
            run(engine, new DeskInput.Merged(h.leadId(), h.at(), h.into(), h.took()), out);
            return;
        }
        if (t == null) {
            run(engine, new DeskInput.Touched(h.leadId(), h.at()), out);
            return;
        }
        if (!t.actor().equals(ACTOR_ADOPTED)) {
            notify(engine, h.leadId(), Notice.STAGE_CHANGED, t.at(), HandoffJson.stageChanged(t), out);
        }
        if (t.to() == Stage.MQL) {
            Optional<Engine.HandoffView> view = engine.handoffView(h.leadId(), t.at());
            if (view.isPresent()) { // else merged into another lead since, whose own MQL is told
                run(
                        engine,
                        new DeskInput.Mql(
                                h.leadId(),
                                t.at(),
                                config().ruleFor(view.get().facts())
                                        .map(HandoffConfig.RoutingRule::name)
                                        .orElse(null),
                                view.get().lastConversionAt().orElse(null),
                                t.actor().equals(Engine.ACTOR_FAST_LANE)),
                        out);
            }
        } else if (t.from() == Stage.MQL && t.to() == Stage.SAL) {
            run(engine, new DeskInput.Accepted(h.leadId(), t.at()), out);
        } else if (t.from() == Stage.MQL
                || t.from() == Stage.SAL
                || t.to() == Stage.RECYCLED
                || t.to() == Stage.DISQUALIFIED) {
            String track = t.to() == Stage.RECYCLED
                    ? engine.handoffView(h.leadId(), t.at())
                            .flatMap(v -> config().trackFor(t.reason(), v.facts()))
                            .map(HandoffConfig.NurtureTrack::name)
                            .orElse(null)
                    : null;
            run(engine, new DeskInput.Moved(h.leadId(), t.at(), t.to(), t.reason(), track), out);
        }
    }

    /** Journals an input, gives it to the desk and writes down what the desk did. */
    private void run(Engine engine, DeskInput input, Batch out) {
        out.unit.journal(new HandoffJournal.JournalRow(nextJournal++, input.at(), input.json()));
        List<HandoffEvent> events = input.applyTo(desk, configs);
        log.heard(input, events);
        for (HandoffEvent e : events) {
            ObjectNode cause = HandoffJson.cause(e);
            out.unit.event(new HandoffJournal.EventRow(
                    nextEvent++, e.leadId(), e.at().toEpochMilli(), HandoffJson.type(e), cause.toString()));
            HandoffJson.notice(e).ifPresent(n -> notify(engine, e.leadId(), n, e.at().toEpochMilli(), cause, out));
            if (e instanceof HandoffEvent.RecycleRequested r) {
                out.commands.add(new LifecycleCommand(
                        "sla:" + r.leadId() + ":" + r.at().toEpochMilli() + ":"
                                + r.clock().wireName(),
                        r.at(),
                        r.leadId(),
                        Action.RECYCLE,
                        StateMachine.SLA_BREACH,
                        null,
                        "sla",
                        null));
            }
        }
    }

    /** Whether score crossings are told: thresholds are set and a webhook takes {@code score_crossed}. */
    @Override
    public boolean watchesScores() {
        return !config().scoreThresholds().isEmpty()
                && !subscribers(Notice.SCORE_CROSSED).isEmpty();
    }

    /** The scores a record is about to change, to tell {@code score_crossed} after it. */
    @Override
    public double[] scoresBefore(Engine engine, String leadId, long at) {
        return engine.summary(leadId, at)
                .map(s -> new double[] {s.fit(), s.engagement()})
                .orElse(new double[2]);
    }

    /** Sends {@code score_crossed} for each threshold the lead's scores crossed since {@link #scoresBefore}. */
    @Override
    public void scoresAfter(Engine engine, String leadId, long at, double[] before, Batch out) {
        if (before == null) {
            return; // nobody listens
        }
        Optional<LeadSummary> now = engine.summary(leadId, at);
        if (now.isEmpty()) {
            return;
        }
        double[] after = {now.get().fit(), now.get().engagement()};
        for (Map.Entry<String, List<Double>> e : config().scoreThresholds().entrySet()) {
            int i = e.getKey().equals(Score.FIT.wireName()) ? 0 : 1;
            for (double threshold : e.getValue()) {
                if ((before[i] < threshold) != (after[i] < threshold)) {
                    ObjectNode cause = HandoffJson.scoreCrossed(
                            e.getKey(), threshold, HandoffJson.round(before[i]), HandoffJson.round(after[i]), at);
                    out.unit.event(
                            new HandoffJournal.EventRow(nextEvent++, leadId, at, "score_crossed", cause.toString()));
                    notify(engine, leadId, Notice.SCORE_CROSSED, at, cause, out);
                }
            }
        }
    }

    private List<HandoffConfig.Webhook> subscribers(Notice notice) {
        return config().webhooks().stream()
                .filter(w -> w.notices().contains(notice))
                .toList();
    }

    private void notify(Engine engine, String leadId, Notice notice, long at, ObjectNode cause, Batch out) {
        List<HandoffConfig.Webhook> to = subscribers(notice);
        if (to.isEmpty()) {
            return;
        }
        Optional<LeadSummary> lead = engine.summary(leadId, at);
        Optional<Desk.CaseView> handoff = desk.view(leadId);
        for (HandoffConfig.Webhook w : to) {
            String id = "dlv_" + UUID.randomUUID().toString().replace("-", "");
            out.unit.delivery(new Delivery(
                    id,
                    w.name(),
                    notice.wireName(),
                    leadId,
                    HandoffJson.notice(id, notice, lead, leadId, handoff, cause),
                    at));
        }
    }

    /**
     * After a start (the engine replayed without the desk listening): tells the desk what the engine
     * did to its leads that it never heard, such as MQLs that expired while the server was down.
     */
    @Override
    public void reconcile(Engine engine, long now) {
        for (String id : engine.leadIds()) {
            List<Transition> all = engine.transitions(id);
            if (!all.isEmpty()
                    && all.getLast().to() == Stage.MQL
                    && desk.view(id).isEmpty()) {
                heard.add(new Heard(
                        id,
                        new Transition(
                                Stage.MQL,
                                Stage.MQL,
                                now,
                                ACTOR_ADOPTED,
                                "adopted",
                                all.getLast().cycle()),
                        now)); // an MQL the desk never heard of: routed now
            }
        }
        for (Desk.CaseView c : desk.queue(Optional.empty(), Optional.empty())) {
            List<Transition> all = engine.transitions(c.leadId());
            int mql = -1;
            for (int i = all.size() - 1; i >= 0 && mql < 0; i--) {
                if (all.get(i).to() == Stage.MQL) {
                    mql = all.get(i).at() == c.mqlAt().toEpochMilli() ? i : Integer.MAX_VALUE;
                }
            }
            if (mql == Integer.MAX_VALUE || mql < 0) {
                continue; // a later cycle the desk never heard of: left as it is
            }
            for (Transition t : all.subList(mql + 1, all.size())) {
                if (!(t.to() == Stage.SAL && c.accepted())) {
                    heard.add(new Heard(c.leadId(), t, t.at()));
                }
            }
        }
    }

    /**
     * After a rebuild: tells the desk the lead's transitions that were not there before (compared by
     * instant, stages, actor and reason; a late record may renumber cycles), in order. A transition
     * the rebuild took away cannot be taken back from the desk.
     */
    @Override
    public void heard(String leadId, List<Transition> transitions, List<Transition> before) {
        Map<List<Object>, Integer> had = new HashMap<>();
        before.forEach(t -> had.merge(key(t), 1, Integer::sum));
        for (Transition t : transitions) {
            if (had.merge(key(t), -1, Integer::sum) < 0) {
                heard.add(new Heard(leadId, t, t.at()));
            }
        }
    }

    private static List<Object> key(Transition t) {
        return List.of(t.at(), t.from(), t.to(), t.actor(), t.reason());
    }

    /** A lead's place in the hand-off, if it is in it. */
    @Override
    public Optional<Desk.CaseView> view(String leadId) {
        return desk.view(leadId);
    }

    /** The lead's nurture track, if it is in one. */
    @Override
    public Optional<String> track(String leadId) {
        return desk.track(leadId);
    }
}
