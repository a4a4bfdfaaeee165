package dev.leadflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.handoff.SlaClock;
import dev.leadflow.handoff.SlaClock.Kind;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.report.Funnel.LeadHistory;
import dev.leadflow.report.Funnel.Range;
import dev.leadflow.report.Health.Compliance;
import dev.leadflow.report.Health.CycleRow;
import dev.leadflow.report.Health.Return;
import dev.leadflow.report.Health.Running;
import dev.leadflow.report.Health.SlaRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Health: SLA compliance, returns, recycling and MQLs that never reach SQL")
class HealthTest {

    private static Instant at(String hhmm) {
        return Instant.parse("2026-03-02T" + hhmm + ":00Z");
    }

    private static SlaClock clock(Kind kind, String started, String due) {
        return new SlaClock(kind, at(started), at(started), at(due));
    }

    private static HandoffEvent.Assigned assigned(
            String lead, String at, String team, String owner, SlaClock accept, SlaClock touch) {
        return new HandoffEvent.Assigned(
                lead, at(at), team, owner, "rule", "round_robin", List.of(), "mql", accept, touch);
    }

    private static HandoffEvent.SlaBreached breach(String lead, String owner, Kind kind, String at, int step) {
        return new HandoffEvent.SlaBreached(lead, at(at), owner, kind, step);
    }

    @Nested
    @DisplayName("SLA compliance")
    class Sla {

        // ann: a met (accept before due), b breached on accept then reassigned to bob whose clock runs now;
        // c: ann's first-touch clock breached, escalation step 1 too (not a second breach)
        private final List<HandoffEvent.Assigned> assignments = List.of(
                assigned(
                        "a",
                        "09:00",
                        "smb",
                        "ann",
                        clock(Kind.ACCEPT, "09:00", "11:00"),
                        clock(Kind.FIRST_TOUCH, "09:00", "12:00")),
                assigned("b", "09:30", "smb", "ann", clock(Kind.ACCEPT, "09:30", "11:30"), null),
                assigned("b", "11:30", "smb", "bob", clock(Kind.ACCEPT, "11:30", "13:30"), null),
                assigned(
                        "c",
                        "10:00",
                        "ent",
                        "cy",
                        clock(Kind.ACCEPT, "10:00", "12:00"),
                        clock(Kind.FIRST_TOUCH, "10:00", "11:00")));
        private final List<HandoffEvent.SlaBreached> breaches = List.of(
                breach("b", "ann", Kind.ACCEPT, "11:30", 0),
                breach("c", "cy", Kind.FIRST_TOUCH, "11:00", 0),
                breach("c", "cy", Kind.FIRST_TOUCH, "12:00", 1));
        private final List<Running> running = List.of(new Running("bob", Kind.ACCEPT, at("13:30")));

        @Test
        @DisplayName(
                "per owner: met, breached (matched by owner, kind and due), running; compliance leaves running out")
        void perOwner() {
            List<SlaRow> rows = Health.sla(assignments, breaches, running, Range.ALL, HandoffEvent.Assigned::owner);
            assertThat(rows)
                    .containsExactly(
                            new SlaRow("ann", 2, new Compliance(2, 1, 1, 0), new Compliance(1, 1, 0, 0)),
                            new SlaRow("bob", 1, new Compliance(1, 0, 0, 1), Compliance.NONE),
                            new SlaRow("cy", 1, new Compliance(1, 1, 0, 0), new Compliance(1, 0, 1, 0)));
            assertThat(rows.get(0).accept().rate()).isEqualTo(0.5);
            assertThat(rows.get(1).accept().rate()).as("nothing decided yet").isNaN();
        }

        @Test
        @DisplayName("per team, and only assignments made in the range")
        void perTeamInRange() {
            assertThat(Health.sla(assignments, breaches, running, Range.ALL, HandoffEvent.Assigned::team))
                    .containsExactly(
                            new SlaRow("ent", 1, new Compliance(1, 1, 0, 0), new Compliance(1, 0, 1, 0)),
                            new SlaRow("smb", 3, new Compliance(3, 1, 1, 1), new Compliance(1, 1, 0, 0)));
            Range from11 = new Range(at("11:00").toEpochMilli(), Long.MAX_VALUE);
            assertThat(Health.sla(assignments, breaches, running, from11, HandoffEvent.Assigned::owner))
                    .containsExactly(new SlaRow("bob", 1, new Compliance(1, 0, 0, 1), Compliance.NONE));
        }
    }

    private static Transition t(Stage from, Stage to, String day, String reason, int cycle) {
        return new Transition(
                from, to, Instant.parse("2026-03-" + day + "T09:00:00Z").toEpochMilli(), "test", reason, cycle);
    }

    // a: qualified; b: rejected (premature), re-qualified, still in SAL; c: disqualified by sales (not_icp);
    // d: recycled by an SLA breach, never back; e: a lead that never qualified
    private static final List<LeadHistory> LEADS = List.of(
            new LeadHistory(
                    "a",
                    List.of(
                            t(Stage.LEAD, Stage.MQL, "02", "r", 1),
                            t(Stage.MQL, Stage.SAL, "02", "r", 1),
                            t(Stage.SAL, Stage.SQL, "03", "r", 1),
                            t(Stage.SQL, Stage.OPPORTUNITY, "04", "r", 1),
                            t(Stage.OPPORTUNITY, Stage.RECYCLED, "05", "lost", 1)),
                    (l, c) -> "google"),
            new LeadHistory(
                    "b",
                    List.of(
                            t(Stage.LEAD, Stage.MQL, "02", "r", 1),
                            t(Stage.MQL, Stage.RECYCLED, "02", "premature", 1),
                            t(Stage.RECYCLED, Stage.MQL, "20", "r", 2),
                            t(Stage.MQL, Stage.SAL, "20", "r", 2)),
                    (l, c) -> c == 1 ? "google" : "bing"),
            new LeadHistory(
                    "c",
                    List.of(
                            t(Stage.LEAD, Stage.MQL, "03", "r", 1),
                            t(Stage.MQL, Stage.DISQUALIFIED, "03", "not_icp", 1)),
                    (l, c) -> "bing"),
            new LeadHistory(
                    "d",
                    List.of(
                            t(Stage.SUBSCRIBER, Stage.MQL, "04", "r", 1),
                            t(Stage.MQL, Stage.RECYCLED, "05", "sla_breach", 1)),
                    (l, c) -> "google"),
            new LeadHistory("e", List.of(t(Stage.SUBSCRIBER, Stage.LEAD, "04", "r", 0)), (l, c) -> "google"));

    private static List<LeadHistory> unsliced() {
        return LEADS.stream()
                .map(l -> new LeadHistory(l.leadId(), l.transitions(), Funnel.CycleSlice.NONE))
                .toList();
    }

    @Test
    @DisplayName("each cycle counts once by its outcome; a recycled cycle whose lead qualified again is re-qualified")
    void cycles() {
        CycleRow all = Health.cycles(unsliced(), Range.ALL).getFirst();
        assertThat(all).isEqualTo(new CycleRow("all", 5, 1, 1, 2, 1, 1));
        assertThat(all.neverSql()).isEqualTo(4);
        assertThat(all.neverSqlShare()).isEqualTo(0.8);
        assertThat(all.recycleRate()).isEqualTo(0.4);
        assertThat(all.requalifyRate()).isEqualTo(0.5);
        assertThat(Health.cycles(LEADS, Range.ALL))
                .containsExactly(new CycleRow("bing", 2, 0, 1, 0, 1, 0), new CycleRow("google", 3, 1, 0, 2, 0, 1));
    }

    @Test
    @DisplayName("a range keeps the cycles that entered MQL in it: the re-qualified cycle alone")
    void cyclesInRange() {
        Range late = new Range(Instant.parse("2026-03-10T00:00:00Z").toEpochMilli(), Long.MAX_VALUE);
        assertThat(Health.cycles(unsliced(), late)).containsExactly(new CycleRow("all", 1, 0, 1, 0, 0, 0));
        assertThat(Health.returns(unsliced(), late)).isEmpty();
        assertThat(new CycleRow("all", 0, 0, 0, 0, 0, 0).recycleRate()).isNaN();
    }

    @Test
    @DisplayName("returns: every move back from MQL, SAL or SQL by reason; a lost opportunity is not a return")
    void returns() {
        assertThat(Health.returns(unsliced(), Range.ALL))
                .containsExactly(
                        new Return("all", Stage.MQL, Stage.RECYCLED, "premature", 1),
                        new Return("all", Stage.MQL, Stage.RECYCLED, "sla_breach", 1),
                        new Return("all", Stage.MQL, Stage.DISQUALIFIED, "not_icp", 1));
    }
}
