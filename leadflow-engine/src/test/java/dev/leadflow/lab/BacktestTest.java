package dev.leadflow.lab;

import static dev.leadflow.fixtures.Records.T0;
import static dev.leadflow.fixtures.Records.days;
import static dev.leadflow.fixtures.Records.hours;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.engine.Engine;
import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.Records;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.model.Model;
import dev.leadflow.report.Funnel;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Backtest: a draft model replayed on a history and scored against its real outcomes")
class BacktestTest {

    /** The small model, MQLs not expiring (so that the hand counts need no decay arithmetic). */
    static final String BASELINE =
            Models.SMALL.replace("  requalify_after: 7d", "  requalify_after: 7d\n  expire_mql: false");
    /** The baseline with the engagement threshold at 10 rather than 20. */
    static final String LOWER = BASELINE.replace("{ score: engagement, gte: 20 }", "{ score: engagement, gte: 10 }");
    /** The baseline without its fast lane. */
    static final String NO_FAST_LANE = BASELINE.replace("  fast_lane:\n    - on: demo_requested\n", "");

    static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

    /**
     * bob: VP, a download and two pricing pages (engagement about 24.7 at T0+3h): MQL under the
     * baseline at T0+3h (at T0+2h under LOWER), accepted and qualified by sales. alice: VP, a download
     * and one pricing page (about 14.9): MQL only under LOWER, at T0+2h. dan: like bob, rejected as
     * premature by sales. carol: VP, asks for a demo at T0+1h: a fast-lane MQL.
     */
    static List<Input> history() {
        Records r = new Records();
        List<Input> out = new ArrayList<>();
        for (String who : List.of("bob", "alice", "dan", "carol")) {
            out.add(r.at(hours(0)).identify(who, "job.seniority", "vp"));
        }
        out.add(r.at(hours(1)).track("carol", "demo_requested"));
        for (String who : List.of("bob", "alice", "dan")) {
            out.add(r.at(hours(1)).track(who, "content_downloaded"));
            out.add(r.at(hours(2)).page(who, "pricing"));
        }
        out.add(r.at(hours(3)).page("bob", "pricing"));
        out.add(r.at(hours(3)).page("dan", "pricing"));
        out.add(r.at(days(1)).action("bob", Action.ACCEPT, null));
        out.add(r.at(days(1)).action("dan", Action.REJECT, "premature"));
        out.add(r.at(days(2)).action("bob", Action.QUALIFY, null));
        out.sort(java.util.Comparator.comparingLong(Input::epochMillis));
        return out;
    }

    static BacktestResult backtest(String draft, @Nullable String baseline, List<Input> history) {
        Model base = baseline == null ? null : Models.parse(baseline);
        return Backtest.run(
                new Backtest.Request(
                        Models.parse(draft),
                        draft,
                        base,
                        null,
                        history,
                        null,
                        MONDAY,
                        MONDAY.plusDays(6),
                        ZoneOffset.UTC,
                        days(90).toMillis(),
                        "90d",
                        2),
                Backtest.Steps.ONE_AT_A_TIME,
                Backtest.Progress.NONE);
    }

    @Test
    void aLowerThresholdAddsTheLeadsItQualifies() {
        BacktestResult b = backtest(LOWER, BASELINE, history());

        // bob, dan and carol (fast lane) under both; alice only under LOWER
        assertThat(b.mqls()).isEqualTo(4);
        assertThat(b.current().mqls()).isEqualTo(3);
        assertThat(b.precision().sql()).isEqualTo(1 / 4.0);
        assertThat(b.current().precision().sql()).isEqualTo(1 / 3.0);
        assertThat(b.recall().sql()).isEqualTo(1.0);
        assertThat(b.changes().newMqls()).isEqualTo(1);
        assertThat(b.changes().lostMqls()).isZero();
        BacktestResult.Example alice = b.changes().examples().newMqls().getFirst();
        assertThat(alice.leadId()).isEqualTo("alice");
        assertThat(alice.mqlAt()).isEqualTo(T0.plus(hours(2)).toString());
        assertThat(alice.draftFit()).isEqualTo(30);
        assertThat(alice.draftEngagement()).isBetween(14.0, 15.0).isEqualTo(alice.baselineEngagement());
        assertThat(alice.ledger()).extracting(BacktestResult.Line::rule).containsExactly("pricing", "whitepaper", "vp");
    }

    @Test
    void droppingTheFastLaneLosesTheHandRaiser() {
        BacktestResult b = backtest(NO_FAST_LANE, BASELINE, history());

        assertThat(b.changes().newMqls()).isZero();
        assertThat(b.changes().lostMqls()).isEqualTo(1);
        BacktestResult.Example carol = b.changes().examples().lostMqls().getFirst();
        assertThat(carol.leadId()).isEqualTo("carol");
        assertThat(carol.mqlAt())
                .as("the baseline's MQL instant")
                .isEqualTo(T0.plus(hours(1)).toString());
        assertThat(b.mqls()).isEqualTo(2);
    }

    @Test
    void theBaselineItselfChangesNothingAndItsPrecisionIsTheFunnelsMqlToSql() {
        List<Input> history = history();
        BacktestResult b = backtest(BASELINE, BASELINE, history);

        assertThat(b.changes().newMqls()).isZero();
        assertThat(b.changes().lostMqls()).isZero();
        assertThat(b.mqls()).isEqualTo(b.current().mqls()).isEqualTo(3);
        Engine real = new Engine(Models.parse(BASELINE));
        history.forEach(real::apply);
        List<Funnel.LeadHistory> leads = new ArrayList<>();
        real.forEachLifecycle((id, transitions, touches) ->
                leads.add(new Funnel.LeadHistory(id, transitions, Funnel.CycleSlice.NONE)));
        long from = MONDAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Funnel.Row cohort = Funnel.total(Funnel.compute(
                leads, Funnel.Period.WEEK, ZoneOffset.UTC, new Funnel.Range(from, from + days(7).toMillis())));
        assertThat(cohort.mql()).isEqualTo(3);
        assertThat(b.precision().sql()).isEqualTo(cohort.mqlToSql()).isEqualTo(1 / 3.0);
    }

    @Test
    void withoutABaselineEveryDraftMqlIsNewAndTheRealOutcomesAreTheDraftsOwnReplay() {
        BacktestResult b = backtest(BASELINE, null, history());

        assertThat(b.baseline()).isNull();
        assertThat(b.current()).isNull();
        assertThat(b.changes().newMqls()).isEqualTo(3);
        assertThat(b.recall().sql()).isEqualTo(1.0);
    }

    @Test
    void salesActionsAreNotReplayedUnderTheDraft() {
        // dan was rejected (recycled) by sales in the real history; the draft keeps him an MQL: one cycle, not two
        BacktestResult b = backtest(BASELINE, BASELINE, history());

        assertThat(b.perWeek()).singleElement().satisfies(w -> {
            assertThat(w.week()).isEqualTo("2026-03-02");
            assertThat(w.mqls()).isEqualTo(3);
            assertThat(w.reachedSql()).isEqualTo(1);
        });
    }

    @Test
    void decilesRankPeopleByTheirHighestScoreAndCapacitySharesTheMqlsAmongReps() {
        BacktestResult b = backtest(BASELINE, BASELINE, history());

        // bob and dan 30 + ~24.7, alice ~44.9, carol 30: four people, four one-person deciles
        assertThat(b.deciles()).extracting(BacktestResult.Decile::leads).containsExactly(1, 1, 1, 1);
        assertThat(b.deciles()).extracting(BacktestResult.Decile::reachedSql).containsExactly(1, 0, 0, 0);
        assertThat(b.deciles().getFirst().lift()).isEqualTo(4.0);
        assertThat(b.capacity().reps()).isEqualTo(2);
        assertThat(b.capacity().mqlsPerRepPerWeek()).isEqualTo(1.5);
    }

    @Test
    void theSweepTriesEachThresholdAroundItsValue() {
        BacktestResult b = backtest(BASELINE, BASELINE, history());

        assertThat(b.sweep())
                .extracting(BacktestResult.SweepCurve::subject)
                .containsExactly("score: fit", "score: engagement");
        BacktestResult.SweepCurve engagement = b.sweep().get(1);
        assertThat(engagement.points())
                .extracting(BacktestResult.SweepPoint::value)
                .containsExactly(12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 24.0, 26.0, 28.0);
        // at 14 alice (14.9) qualifies; at 26 bob and dan (24.7) no longer do
        assertThat(engagement.points().get(1).mqls()).isEqualTo(4);
        assertThat(engagement.points().get(4).mqls()).isEqualTo(3);
        assertThat(engagement.points().get(7).mqls()).isEqualTo(1);
    }
}
