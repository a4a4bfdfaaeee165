package dev.leadflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.report.Funnel.LeadHistory;
import dev.leadflow.report.Funnel.Period;
import dev.leadflow.report.Funnel.Range;
import dev.leadflow.report.Funnel.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Funnel: cohort counts and rates from transitions, one count per qualification cycle")
class FunnelTest {

    // 2026-03-02 is a Monday: weeks W1 = 03-02, W2 = 03-09, W3 = 03-16
    private static Transition t(Stage from, Stage to, String iso, int cycle) {
        return new Transition(from, to, Instant.parse(iso).toEpochMilli(), "test", "r", cycle);
    }

    private static final LeadHistory A = new LeadHistory(
            "a",
            List.of( // all the way, in W1
                    t(Stage.SUBSCRIBER, Stage.LEAD, "2026-03-02T09:00:00Z", 0),
                    t(Stage.LEAD, Stage.MQL, "2026-03-03T09:00:00Z", 1),
                    t(Stage.MQL, Stage.SAL, "2026-03-03T10:00:00Z", 1),
                    t(Stage.SAL, Stage.SQL, "2026-03-05T10:00:00Z", 1),
                    t(Stage.SQL, Stage.OPPORTUNITY, "2026-03-12T10:00:00Z", 1),
                    t(Stage.OPPORTUNITY, Stage.CUSTOMER, "2026-04-20T10:00:00Z", 1)),
            Funnel.CycleSlice.NONE);
    private static final LeadHistory B = new LeadHistory(
            "b",
            List.of( // recycled in W1, qualifies again in W3
                    t(Stage.SUBSCRIBER, Stage.LEAD, "2026-03-02T11:00:00Z", 0),
                    t(Stage.LEAD, Stage.MQL, "2026-03-04T09:00:00Z", 1),
                    t(Stage.MQL, Stage.RECYCLED, "2026-03-04T12:00:00Z", 1),
                    t(Stage.RECYCLED, Stage.MQL, "2026-03-17T09:00:00Z", 2),
                    t(Stage.MQL, Stage.SAL, "2026-03-17T10:00:00Z", 2),
                    t(Stage.SAL, Stage.SQL, "2026-03-18T10:00:00Z", 2)),
            Funnel.CycleSlice.NONE);
    private static final LeadHistory C = new LeadHistory(
            "c",
            List.of( // a hand-raiser who skipped 'lead', then rejected
                    t(Stage.VISITOR, Stage.SUBSCRIBER, "2026-03-06T08:00:00Z", 0),
                    t(Stage.SUBSCRIBER, Stage.MQL, "2026-03-06T08:00:00Z", 1),
                    t(Stage.MQL, Stage.DISQUALIFIED, "2026-03-06T09:00:00Z", 1)),
            Funnel.CycleSlice.NONE);
    private static final LeadHistory D = new LeadHistory(
            "d",
            List.of( // a lead in W2 that never qualifies
                    t(Stage.SUBSCRIBER, Stage.LEAD, "2026-03-10T09:00:00Z", 0)),
            Funnel.CycleSlice.NONE);

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    @DisplayName("weekly cohorts: a re-qualified lead counts again in its new cycle's week, never twice in the old one")
    void weekly() {
        List<Row> rows = Funnel.compute(List.of(A, B, C, D), Period.WEEK, ZoneOffset.UTC, Range.ALL);
        assertThat(rows)
                .containsExactly(
                        new Row(d("2026-03-02"), "all", 3, 3, 3, 1, 1, 1, 1),
                        new Row(d("2026-03-09"), "all", 1, 0, 0, 0, 0, 0, 0),
                        new Row(d("2026-03-16"), "all", 0, 0, 1, 1, 1, 0, 0));
        assertThat(rows.get(0).mqlToSql()).isEqualTo(1.0 / 3);
        assertThat(rows.get(0).mqlToSal()).isEqualTo(1.0 / 3);
        assertThat(rows.get(2).mqlToSql()).isEqualTo(1.0);
        assertThat(rows.get(1).mqlToSql()).as("no MQLs: no rate").isNaN();

        Row total = Funnel.totals(rows).getFirst();
        assertThat(total).isEqualTo(new Row(null, "all", 4, 3, 4, 2, 2, 1, 1));
        assertThat(total.leadToMql()).isEqualTo(0.75);
        assertThat(total.mqlToSql()).isEqualTo(0.5);
        assertThat(total.sqlToOpportunity()).isEqualTo(0.5);
        assertThat(total.opportunityToCustomer()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("a date range keeps the cohorts that entered in it; months follow the report's time zone")
    void rangeAndMonths() {
        long w2 = Instant.parse("2026-03-09T00:00:00Z").toEpochMilli();
        assertThat(Funnel.compute(List.of(A, B, C, D), Period.WEEK, ZoneOffset.UTC, new Range(w2, Long.MAX_VALUE)))
                .extracting(Row::cohort)
                .containsExactly(d("2026-03-09"), d("2026-03-16"));

        LeadHistory lateNight = new LeadHistory(
                "e", List.of(t(Stage.SUBSCRIBER, Stage.MQL, "2026-03-31T22:30:00Z", 1)), Funnel.CycleSlice.NONE);
        assertThat(Funnel.compute(List.of(lateNight), Period.MONTH, ZoneOffset.UTC, Range.ALL))
                .extracting(Row::cohort)
                .containsExactly(d("2026-03-01"));
        assertThat(Funnel.compute(List.of(lateNight), Period.MONTH, ZoneId.of("Europe/Berlin"), Range.ALL))
                .as("00:30 on 1 April in Berlin")
                .extracting(Row::cohort)
                .containsExactly(d("2026-04-01"));
    }

    @Test
    @DisplayName("sliced by a per-cycle dimension: each cycle counts under its own value")
    void sliced() {
        Map<String, String> source = Map.of("a0", "ads", "a1", "ads", "b0", "email", "b1", "email", "b2", "ads");
        Funnel.CycleSlice bySource = (lead, cycle) -> source.getOrDefault(lead + cycle, "direct");
        List<LeadHistory> leads = List.of(
                new LeadHistory("a", A.transitions(), bySource), new LeadHistory("b", B.transitions(), bySource));
        assertThat(Funnel.totals(Funnel.compute(leads, Period.MONTH, ZoneOffset.UTC, Range.ALL)))
                .containsExactly(
                        new Row(null, "ads", 1, 1, 2, 2, 2, 1, 1), new Row(null, "email", 1, 1, 1, 0, 0, 0, 0));
    }
}
