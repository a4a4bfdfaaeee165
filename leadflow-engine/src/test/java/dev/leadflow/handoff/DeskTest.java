package dev.leadflow.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.fixtures.TestFacts;
import dev.leadflow.handoff.HandoffEvent.Assigned;
import dev.leadflow.handoff.SlaClock.Kind;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.model.Facts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Desk: routing, queues, SLA clocks, escalation and nurture as leads move")
class DeskTest {

    private static final Facts NOTHING = TestFacts.NONE;

    private static HandoffConfig config(String yaml) {
        HandoffParser.Result r = new HandoffParser().parse(yaml);
        assertThat(r).as("%s", r).isInstanceOf(HandoffParser.Result.Valid.class);
        return ((HandoffParser.Result.Valid) r).config();
    }

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    private static final String TEAM = """
            teams:
              - id: sales
                time_zone: UTC
                working_hours: always
                members: [ { id: ann, capacity: 1 }, { id: bob, capacity: 1 } ]
            routing: [ { name: all, team: sales } ]
            """;

    @Test
    @DisplayName(
            "an MQL gets an owner and clocks; the warning and the breach fire at their exact instants, once; escalation reassigns, then recycles")
    void clocksAndEscalation() {
        Desk desk = new Desk(config(TEAM + """
                sla:
                  accept_within: 4h
                  first_touch_within: 8h
                  warn_at: 0.5
                  escalation: [ { action: notify }, { action: reassign, after: 1h }, { action: recycle, after: 2h } ]
                """));
        List<HandoffEvent> routed =
                desk.mql("l1", NOTHING, t("2026-11-23T10:00:00Z"), t("2026-11-23T09:00:00Z"), false);
        Assigned a = (Assigned) routed.get(0);
        assertThat(a.owner()).isEqualTo("ann");
        assertThat(a.accept().due()).isEqualTo(t("2026-11-23T14:00:00Z"));
        assertThat(a.firstTouch().due()).as("from the last conversion").isEqualTo(t("2026-11-23T17:00:00Z"));
        assertThat(desk.nextDue()).contains(t("2026-11-23T12:00:00Z"));
        assertThat(desk.fire(t("2026-11-23T11:59:59.999Z"))).isEmpty();
        assertThat(desk.fire(t("2026-11-23T12:00:00Z")))
                .containsExactly(new HandoffEvent.SlaWarning(
                        "l1", t("2026-11-23T12:00:00Z"), "ann", Kind.ACCEPT, t("2026-11-23T14:00:00Z")));
        assertThat(desk.fire(t("2026-11-23T12:00:00Z"))).as("never twice").isEmpty();
        desk.touched("l1", t("2026-11-23T13:00:00Z"));
        List<HandoffEvent> breach = desk.fire(t("2026-11-23T14:00:00Z"));
        assertThat(breach)
                .containsExactly(new HandoffEvent.SlaBreached("l1", t("2026-11-23T14:00:00Z"), "ann", Kind.ACCEPT, 0));
        List<HandoffEvent> reassigned = desk.fire(t("2026-11-23T15:00:00Z"));
        assertThat(reassigned).singleElement().isInstanceOfSatisfying(Assigned.class, r -> {
            assertThat(r.owner()).isEqualTo("bob");
            assertThat(r.cause()).isEqualTo("sla_breach");
            assertThat(r.skipped()).containsExactly(new Router.Skip("ann", "the lead is being taken from them"));
            assertThat(r.accept().due()).as("fresh clock").isEqualTo(t("2026-11-23T19:00:00Z"));
        });
        assertThat(desk.openOf("ann")).isZero();
        assertThat(desk.openOf("bob")).isEqualTo(1);
        List<HandoffEvent> later = desk.fire(t("2026-11-23T21:00:00Z"));
        assertThat(later)
                .as("ann's recycle step was dropped with her; bob's clock warned and breached, and his breach "
                        + "goes on with the steps after the reassignment: no reassignment back")
                .extracting(e -> e.getClass().getSimpleName() + "@" + e.at())
                .containsExactly(
                        "SlaWarning@2026-11-23T17:00:00Z",
                        "SlaBreached@2026-11-23T19:00:00Z",
                        "RecycleRequested@2026-11-23T21:00:00Z");
        assertThat(later.get(2))
                .as("the recycle step, 2h after bob's breach")
                .isEqualTo(new HandoffEvent.RecycleRequested("l1", t("2026-11-23T21:00:00Z"), "bob", Kind.ACCEPT));
        desk.accepted("l1", t("2026-11-23T21:00:00Z"));
        List<HandoffEvent> end = desk.fire(t("2026-11-24T12:00:00Z"));
        assertThat(end).as("accepted and touched: nothing more fires").isEmpty();
    }

    @Test
    @DisplayName(
            "the clocks running at an instant: given to an owner, not stopped by an accept or a touch, not yet due")
    void runningClocks() {
        Desk desk = new Desk(config(TEAM + """
                sla: { accept_within: 4h, first_touch_within: 8h }
                """));
        desk.mql("l1", NOTHING, t("2026-11-23T10:00:00Z"), null, false); // ann
        desk.mql("l2", NOTHING, t("2026-11-23T11:00:00Z"), null, false); // bob
        desk.mql("l3", NOTHING, t("2026-11-23T12:00:00Z"), null, false); // nobody free: queued, no clocks
        desk.touched("l2", t("2026-11-23T11:30:00Z"));
        List<String> running = new ArrayList<>();
        desk.forEachRunningClock(
                t("2026-11-23T14:30:00Z"),
                (owner, clock) -> running.add(owner + " " + clock.kind() + " " + clock.due()));
        assertThat(running)
                .containsExactlyInAnyOrder("ann FIRST_TOUCH 2026-11-23T18:00:00Z", "bob ACCEPT 2026-11-23T15:00:00Z");
        List<String> fromViews = new ArrayList<>();
        for (Desk.CaseView c : desk.cases()) {
            c.accept()
                    .filter(k ->
                            c.owner().isPresent() && !c.accepted() && k.due().isAfter(t("2026-11-23T14:30:00Z")))
                    .ifPresent(k -> fromViews.add(c.owner().get() + " " + k.kind() + " " + k.due()));
            c.firstTouch()
                    .filter(k ->
                            c.owner().isPresent() && !c.touched() && k.due().isAfter(t("2026-11-23T14:30:00Z")))
                    .ifPresent(k -> fromViews.add(c.owner().get() + " " + k.kind() + " " + k.due()));
        }
        assertThat(running).as("what the case views say").containsExactlyInAnyOrderElementsOf(fromViews);
    }

    @Test
    @DisplayName(
            "a merge moves the hand-off to the surviving id when the lifecycle went with it, else closes the merged lead's case")
    void merged() {
        Desk desk = new Desk(config(TEAM + """
                sla: { accept_within: 4h, warn_at: 0.5 }
                """));
        Instant mql = t("2026-11-23T10:00:00Z");
        desk.mql("old", NOTHING, mql, null, false);
        assertThat(desk.merged("old", "new", true, t("2026-11-23T10:05:00Z"))).isEmpty();
        assertThat(desk.view("old")).isEmpty();
        assertThat(desk.view("new").flatMap(Desk.CaseView::owner)).contains("ann");
        assertThat(desk.fire(t("2026-11-23T12:00:00Z")))
                .as("the timers follow")
                .containsExactly(new HandoffEvent.SlaWarning(
                        "new", t("2026-11-23T12:00:00Z"), "ann", Kind.ACCEPT, t("2026-11-23T14:00:00Z")));

        desk.mql("other", NOTHING, mql, null, false); // bob
        desk.mql("third", NOTHING, mql, null, false); // both full: waits
        List<HandoffEvent> closed = desk.merged("other", "new", false, t("2026-11-23T12:30:00Z"));
        assertThat(desk.view("other")).isEmpty();
        assertThat(closed)
                .as("bob's place goes to the waiting lead")
                .singleElement()
                .isInstanceOfSatisfying(
                        Assigned.class, a -> assertThat(a.leadId()).isEqualTo("third"));
    }

    @Test
    @DisplayName(
            "the first-touch clock counts from a recent conversion, but never starts, warns or breaches before the MQL: "
                    + "a stale conversion, or one after the MQL, counts from the MQL")
    void firstTouchFromTheConversion() {
        HandoffConfig c = config(TEAM + """
                sla: { accept_within: 4h, first_touch_within: 8h, warn_at: 0.5 }
                """);
        Instant mql = t("2026-11-23T10:00:00Z");

        Desk recent = new Desk(c); // 5h before: the clock runs from it, its warning (at +4h) had passed
        Assigned a = (Assigned)
                recent.mql("l1", NOTHING, mql, t("2026-11-23T05:00:00Z"), false).get(0);
        assertThat(a.firstTouch().started()).isEqualTo(t("2026-11-23T05:00:00Z"));
        assertThat(a.firstTouch().due()).isEqualTo(t("2026-11-23T13:00:00Z"));
        assertThat(recent.fire(t("2026-11-23T13:00:00Z")))
                .as("the accept warning, the touch breach; no past warning")
                .containsExactly(
                        new HandoffEvent.SlaWarning(
                                "l1", t("2026-11-23T12:00:00Z"), "ann", Kind.ACCEPT, t("2026-11-23T14:00:00Z")),
                        new HandoffEvent.SlaBreached("l1", t("2026-11-23T13:00:00Z"), "ann", Kind.FIRST_TOUCH, 0));

        for (Instant conversion :
                List.of(t("2026-11-20T10:00:00Z"), t("2026-11-23T02:00:00Z"), t("2026-11-23T11:00:00Z"))) {
            Desk stale = new Desk(c);
            Assigned s =
                    (Assigned) stale.mql("l1", NOTHING, mql, conversion, false).get(0);
            assertThat(s.firstTouch().started())
                    .as("conversion at %s", conversion)
                    .isEqualTo(mql);
            assertThat(s.firstTouch().due()).isEqualTo(t("2026-11-23T18:00:00Z"));
            assertThat(stale.nextDue()).as("nothing before the MQL").contains(t("2026-11-23T12:00:00Z"));
        }
    }

    @Test
    @DisplayName("a recycle step asks the engine to recycle the lead; the lead then enters nurture")
    void recycleStep() {
        Desk desk = new Desk(config("""
                teams: [ { id: sales, time_zone: UTC, working_hours: always, members: [ { id: ann } ] } ]
                routing: [ { name: all, team: sales } ]
                sla: { accept_within: 1h, escalation: [ { action: recycle, after: 30m } ] }
                nurture: [ { track: win-back, reasons: [sla_breach] }, { track: general } ]
                """));
        desk.mql("l1", NOTHING, t("2026-11-23T10:00:00Z"), null, false);
        List<HandoffEvent> events = desk.fire(t("2026-11-23T11:30:00Z"));
        assertThat(events)
                .last()
                .isEqualTo(new HandoffEvent.RecycleRequested("l1", t("2026-11-23T11:30:00Z"), "ann", Kind.ACCEPT));
        assertThat(desk.moved("l1", Stage.RECYCLED, "sla_breach", NOTHING, t("2026-11-23T11:30:00Z")))
                .containsExactly(
                        new HandoffEvent.NurtureEntered("l1", t("2026-11-23T11:30:00Z"), "win-back", "sla_breach"));
        assertThat(desk.openOf("ann")).isZero();
        assertThat(desk.view("l1")).isEmpty();
        assertThat(desk.mql("l1", NOTHING, t("2026-11-30T10:00:00Z"), null, true))
                .first()
                .isEqualTo(new HandoffEvent.NurtureExited("l1", t("2026-11-30T10:00:00Z"), "win-back", "requalified"));
    }

    @Test
    @DisplayName(
            "at capacity leads wait in the team's queue; freed capacity goes to hand-raisers first, then in MQL order")
    void queue() {
        Desk desk = new Desk(config(TEAM));
        desk.mql("l1", NOTHING, t("2026-11-23T10:00:00Z"), null, false);
        desk.mql("l2", NOTHING, t("2026-11-23T10:01:00Z"), null, false);
        assertThat(desk.mql("l3", NOTHING, t("2026-11-23T10:02:00Z"), null, false))
                .singleElement()
                .isInstanceOf(HandoffEvent.Queued.class);
        desk.mql("l4", NOTHING, t("2026-11-23T10:03:00Z"), null, true);
        assertThat(desk.queue(Optional.empty(), Optional.of("sales")))
                .extracting(Desk.CaseView::leadId)
                .as("hand-raisers first")
                .startsWith("l4");
        List<HandoffEvent> freed = desk.accepted("l1", t("2026-11-23T11:00:00Z"));
        assertThat(freed).singleElement().isInstanceOfSatisfying(Assigned.class, a -> {
            assertThat(a.leadId()).isEqualTo("l4");
            assertThat(a.owner()).isEqualTo("ann");
            assertThat(a.cause()).isEqualTo("queue");
            assertThat(a.accept().started())
                    .as("the clock started at MQL, while it waited")
                    .isEqualTo(t("2026-11-23T10:03:00Z"));
        });
        List<HandoffEvent> rejected =
                desk.moved("l2", Stage.DISQUALIFIED, "not_icp", NOTHING, t("2026-11-23T12:00:00Z"));
        assertThat(rejected).extracting(HandoffEvent::leadId).containsExactly("l3");
        assertThat(desk.queue(Optional.of("bob"), Optional.empty()))
                .extracting(Desk.CaseView::leadId)
                .containsExactly("l3");
    }

    @Test
    @DisplayName("a member back from away takes the waiting leads; a lead can be handed to someone by hand")
    void configureAndReassign() {
        String away = """
                teams:
                  - { id: sales, time_zone: UTC, working_hours: always, members: [ { id: ann, available: false } ] }
                routing: [ { name: all, team: sales } ]
                """;
        Desk desk = new Desk(config(away));
        assertThat(desk.mql("l1", NOTHING, t("2026-11-23T10:00:00Z"), null, false))
                .singleElement()
                .isInstanceOf(HandoffEvent.Queued.class);
        assertThat(desk.configure(config(away.replace(", available: false", "")), t("2026-11-23T10:30:00Z")))
                .singleElement()
                .isInstanceOfSatisfying(
                        Assigned.class, a -> assertThat(a.owner()).isEqualTo("ann"));
        Desk other = new Desk(config(away));
        other.mql("l1", NOTHING, t("2026-11-23T10:00:00Z"), null, false);
        assertThat(other.reassign("l1", "ann", t("2026-11-23T10:05:00Z")))
                .get()
                .isInstanceOfSatisfying(
                        Assigned.class, a -> assertThat(a.cause()).isEqualTo("manual"));
        assertThat(other.reassign("l1", "nobody", t("2026-11-23T10:05:00Z"))).isEmpty();
        assertThat(other.queue(Optional.of("ann"), Optional.empty())).hasSize(1);
    }

    @Test
    @DisplayName("no rule holding leaves the MQL unrouted, in the hand-off without an owner")
    void unrouted() {
        Desk desk = new Desk(HandoffConfig.EMPTY);
        assertThat(desk.mql("l1", NOTHING, t("2026-11-23T10:00:00Z"), null, false))
                .containsExactly(new HandoffEvent.Unrouted("l1", t("2026-11-23T10:00:00Z")));
        assertThat(desk.view("l1")).get().satisfies(v -> assertThat(v.owner()).isEmpty());
        assertThat(desk.nextDue()).isEmpty();
    }

    @Test
    @DisplayName("review: a lead that qualifies again starts with fresh timers; the old case's never fire")
    void requalifiedLeadHasOnlyItsNewTimers() {
        Desk desk = new Desk(config(TEAM + "sla: { accept_within: 4h, warn_at: 0.5 }\n"));
        desk.mql("l1", NOTHING, t("2026-11-23T10:00:00Z"), null, false);
        desk.moved("l1", Stage.RECYCLED, "premature", NOTHING, t("2026-11-23T10:30:00Z"));
        desk.mql("l1", NOTHING, t("2026-11-23T11:00:00Z"), null, false);
        assertThat(desk.fire(t("2026-11-23T15:00:00Z")))
                .extracting(e -> e.getClass().getSimpleName() + "@" + e.at())
                .containsExactly("SlaWarning@2026-11-23T13:00:00Z", "SlaBreached@2026-11-23T15:00:00Z");
    }

    @Test
    @DisplayName(
            "review: a lead accepted or touched before it had an owner, then assigned by hand, runs only the clocks still open; escalation after a manual assignment reassigns")
    void acceptedBeforeOwned() {
        Desk desk = new Desk(config("""
                teams: [ { id: sales, time_zone: UTC, working_hours: always, members: [ { id: ann }, { id: bob } ] } ]
                sla: { accept_within: 1h, first_touch_within: 2h, escalation: [ { action: reassign } ] }
                """));
        desk.mql("l1", NOTHING, t("2026-11-23T10:00:00Z"), null, false);
        desk.accepted("l1", t("2026-11-23T10:05:00Z"));
        HandoffEvent assigned =
                desk.reassign("l1", "ann", t("2026-11-23T10:10:00Z")).orElseThrow();
        assertThat(((Assigned) assigned).accept()).isNull();
        assertThat(((Assigned) assigned).firstTouch().due()).isEqualTo(t("2026-11-23T12:10:00Z"));
        assertThat(desk.fire(t("2026-11-23T12:10:00Z")))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("SlaWarning", "SlaBreached", "Assigned");
        assertThat(desk.view("l1").orElseThrow().owner()).contains("bob");
    }

    @Test
    @DisplayName("review: a team removed from the configuration sends its waiting leads back unrouted")
    void removedTeam() {
        String away = """
                teams:
                  - { id: sales, time_zone: UTC, working_hours: always, members: [ { id: ann, available: false } ] }
                routing: [ { name: all, team: sales } ]
                """;
        Desk desk = new Desk(config(away));
        desk.mql("l1", NOTHING, t("2026-11-23T10:00:00Z"), null, false);
        assertThat(desk.configure(HandoffConfig.EMPTY, t("2026-11-23T11:00:00Z")))
                .containsExactly(new HandoffEvent.Unrouted("l1", t("2026-11-23T11:00:00Z")));
        assertThat(desk.configure(config(away.replace(", available: false", "")), t("2026-11-23T12:00:00Z")))
                .as("no longer waiting for that team")
                .isEmpty();
    }

    @Test
    @DisplayName("a queued lead's clocks run from MQL in the team's hours; a breach while it waits has no owner")
    void queuedLeadBreaches() {
        Desk desk = new Desk(config("""
                teams: [ { id: sales, time_zone: UTC, working_hours: always, members: [ { id: ann, available: false } ] } ]
                routing: [ { name: all, team: sales } ]
                sla: { accept_within: 1h, warn_at: 0.5 }
                """));
        desk.mql("l1", NOTHING, t("2026-11-23T10:00:00Z"), null, false);
        assertThat(desk.fire(t("2026-11-23T11:00:00Z")))
                .containsExactly(
                        new HandoffEvent.SlaWarning(
                                "l1", t("2026-11-23T10:30:00Z"), null, Kind.ACCEPT, t("2026-11-23T11:00:00Z")),
                        new HandoffEvent.SlaBreached("l1", t("2026-11-23T11:00:00Z"), null, Kind.ACCEPT, 0));
        Desk.CaseView v = desk.view("l1").orElseThrow();
        assertThat(v.assignedAt()).isEmpty();
        assertThat(v.accept()).get().extracting(SlaClock::due).isEqualTo(t("2026-11-23T11:00:00Z"));
    }
}
