package dev.leadflow.app;

import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.handoff.HandoffConfig.Notice;
import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.StateMachine;
import dev.leadflow.lifecycle.Transition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

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
    /** The next event's seq, shared with the score watch, which writes events too. */
    private final AtomicLong nextEvent;

    private final DeskReads reads;
    private final Notices notices;
    private final ScoreCrossings scores;
    private final List<Heard> heard = new ArrayList<>();
    private boolean listening = true;

    /** A change the engine made: a transition; a touch (no transition); or a merge into {@code into}. */
    private record Heard(
            String leadId,
            @Nullable Transition transition,
            long at,
            @Nullable String into,
            boolean took) {
        Heard(String leadId, @Nullable Transition transition, long at) {
            this(leadId, transition, at, null, false);
        }
    }

    private Handoff(HandoffConfigs configs, long nextEvent) {
        this.configs = configs;
        this.nextEvent = new AtomicLong(nextEvent);
        this.reads = new DeskReads(desk, log, configs);
        this.notices = new Notices(desk);
        this.scores = new ScoreCrossings(notices, desk, this.nextEvent);
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
    public DeskReads reads() {
        return reads;
    }

    @Override
    public ScoreWatch scores() {
        return scores;
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
                || desk.config().teams().stream()
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

    /**
     * Tells the desk one change the engine made. Longer than most: one branch per kind of change
     * (merge, touch, MQL, accept, any other move out of MQL or SAL), kept together because they
     * are the one place that says what the desk hears.
     */
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
            notices.notify(engine, h.leadId(), Notice.STAGE_CHANGED, t.at(), HandoffJson.stageChanged(t), out);
        }
        if (t.to() == Stage.MQL) {
            Optional<Engine.HandoffView> view = engine.handoffView(h.leadId(), t.at());
            if (view.isPresent()) { // else merged into another lead since, whose own MQL is told
                run(
                        engine,
                        new DeskInput.Mql(
                                h.leadId(),
                                t.at(),
                                desk.config()
                                        .ruleFor(view.get().facts())
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
            @Nullable
            String track = t.to() == Stage.RECYCLED
                    ? engine.handoffView(h.leadId(), t.at())
                            .flatMap(v -> desk.config().trackFor(t.reason(), v.facts()))
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
            HandoffJson.Cause cause = HandoffJson.cause(e);
            out.unit.event(new HandoffJournal.EventRow(
                    nextEvent.getAndIncrement(),
                    e.leadId(),
                    e.at().toEpochMilli(),
                    HandoffJson.type(e),
                    HandoffJson.write(cause)));
            HandoffJson.notice(e)
                    .ifPresent(n -> notices.notify(engine, e.leadId(), n, e.at().toEpochMilli(), cause, out));
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
}
