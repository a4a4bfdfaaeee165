package dev.leadflow.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scorecard: precision, recall and weeks of MQL cycles against real outcomes")
class ScorecardTest {

    static final long DAY = Duration.ofDays(1).toMillis();
    /** Monday 2026-03-02, 00:00 UTC. */
    static final long D0 = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    /** Days 0 to 27 (four weeks), horizon 10 days. */
    static final Scorecard.Window FOUR_WEEKS = new Scorecard.Window(D0, D0 + 28 * DAY, ZoneOffset.UTC, 10 * DAY);

    static long day(double d) {
        return D0 + (long) (d * DAY);
    }

    static Outcomes outcomes(Object... leadAndDays) {
        Map<String, long[]> m = new java.util.HashMap<>();
        for (int i = 0; i < leadAndDays.length; i += 2) {
            double[] days = (double[]) leadAndDays[i + 1];
            long[] at = new long[days.length];
            for (int j = 0; j < days.length; j++) {
                at[j] = day(days[j]);
            }
            m.put((String) leadAndDays[i], at);
        }
        return Outcomes.of(m);
    }

    static double[] days(double... d) {
        return d;
    }

    static final Outcomes NONE = outcomes();

    @Test
    void aCycleReachesSqlWhenTheSqlFollowsItWithinTheHorizon() {
        Outcomes mqls = outcomes("a", days(1), "b", days(2), "c", days(3));
        Outcomes sql = outcomes("a", days(5), "b", days(12.5), "c", days(2.9));

        var s = Scorecard.score(mqls, sql, NONE, FOUR_WEEKS);

        // a: 4 days after; b: 10.5 days after (beyond the horizon); c: before the MQL
        assertThat(s.card().mqls()).isEqualTo(3);
        assertThat(s.reachedSql()).isEqualTo(1);
        assertThat(s.card().precision().sql()).isEqualTo(1 / 3.0);
        assertThat(s.card().precision().won()).isEqualTo(0.0);
    }

    @Test
    void exactlyTheHorizonLaterStillCounts() {
        var s = Scorecard.score(outcomes("a", days(1)), outcomes("a", days(11)), NONE, FOUR_WEEKS);

        assertThat(s.reachedSql()).isEqualTo(1);
        assertThat(s.recalledSql()).isEqualTo(1);
    }

    @Test
    void aRequalificationEndsTheEarlierCyclesWindow() {
        Outcomes mqls = outcomes("a", days(1, 6));
        Outcomes sql = outcomes("a", days(8));

        var s = Scorecard.score(mqls, sql, NONE, FOUR_WEEKS);

        assertThat(s.card().mqls()).isEqualTo(2);
        assertThat(s.reachedSql())
                .as("only the second cycle: the SQL came after the next began")
                .isEqualTo(1);
        assertThat(s.recalledSql()).isEqualTo(1);
    }

    @Test
    void onlyCyclesBeginningInThePeriodCountButTheirSqlMayComeAfterIt() {
        Outcomes mqls = outcomes("before", days(-1), "last", days(27.5), "after", days(28));
        Outcomes sql = outcomes("before", days(1), "last", days(30), "after", days(29));

        var s = Scorecard.score(mqls, sql, NONE, FOUR_WEEKS);

        assertThat(s.card().mqls()).isEqualTo(1);
        assertThat(s.reachedSql()).isEqualTo(1);
        // recall: SQLs in the period: only "before" (day 1), found by its MQL 2 days earlier
        assertThat(s.peopleSql()).isEqualTo(1);
        assertThat(s.recalledSql()).isEqualTo(1);
    }

    @Test
    void recallCountsPeopleWhoseSqlHadNoMqlWithinTheHorizonBefore() {
        Outcomes mqls = outcomes("early", days(-20), "found", days(3));
        Outcomes sql = outcomes("early", days(2), "found", days(4), "never", days(5));

        var s = Scorecard.score(mqls, sql, NONE, FOUR_WEEKS);

        assertThat(s.peopleSql()).isEqualTo(3);
        assertThat(s.recalledSql()).isEqualTo(1);
        assertThat(s.card().recall().sql()).isEqualTo(1 / 3.0);
        assertThat(s.card().recall().won()).as("nobody won: no share").isNull();
    }

    @Test
    void everyWeekOfThePeriodIsListedFromMondayEmptyOnesToo() {
        Outcomes mqls = outcomes("a", days(0.5), "b", days(1), "c", days(15));
        Outcomes won = outcomes("b", days(9));

        var weeks = Scorecard.score(mqls, won, won, FOUR_WEEKS).card().perWeek();

        assertThat(weeks)
                .extracting(BacktestResult.Week::week, BacktestResult.Week::mqls, BacktestResult.Week::won)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-03-02", 2, 1),
                        org.assertj.core.groups.Tuple.tuple("2026-03-09", 0, 0),
                        org.assertj.core.groups.Tuple.tuple("2026-03-16", 1, 0),
                        org.assertj.core.groups.Tuple.tuple("2026-03-23", 0, 0));
    }

    @Test
    void weeksStartOnMondayInTheGivenZone() {
        // Sunday 23:30 UTC is Monday 00:30 in Berlin
        long sundayNight = Instant.parse("2026-03-08T23:30:00Z").toEpochMilli();
        assertThat(Scorecard.weekOf(sundayNight, ZoneOffset.UTC)).hasToString("2026-03-02");
        assertThat(Scorecard.weekOf(sundayNight, java.time.ZoneId.of("Europe/Berlin")))
                .hasToString("2026-03-09");
    }
}
