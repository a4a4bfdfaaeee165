package dev.leadflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.report.Velocity.LeadMoves;
import dev.leadflow.report.Velocity.Stats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Velocity: time in each stage and MQL to first touch, medians and p90 from transitions")
class VelocityTest {

    private static final long T0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;

    private static Transition t(Stage from, Stage to, double hours, int cycle) {
        return new Transition(from, to, T0 + (long) (hours * HOUR), "test", "r", cycle);
    }

    private static final LeadMoves A = new LeadMoves(
            "a",
            List.of(
                    t(Stage.SUBSCRIBER, Stage.LEAD, 0, 0),
                    t(Stage.LEAD, Stage.MQL, 1, 1),
                    t(Stage.MQL, Stage.SAL, 3, 1),
                    t(Stage.SAL, Stage.SQL, 27, 1),
                    t(Stage.SQL, Stage.OPPORTUNITY, 51, 1),
                    t(Stage.OPPORTUNITY, Stage.CUSTOMER, 75, 1)),
            List.of(T0, T0 + 3 * HOUR / 2)); // one touch before the MQL
    private static final LeadMoves B = new LeadMoves(
            "b",
            List.of(
                    t(Stage.SUBSCRIBER, Stage.LEAD, 0, 0),
                    t(Stage.LEAD, Stage.MQL, 2, 1),
                    t(Stage.MQL, Stage.RECYCLED, 4, 1),
                    t(Stage.RECYCLED, Stage.MQL, 100, 2)),
            List.of(T0 + 101 * HOUR)); // the first cycle never touched
    private static final LeadMoves C = new LeadMoves("c", List.of(t(Stage.SUBSCRIBER, Stage.MQL, 5, 1)), List.of());

    @Test
    @DisplayName("time in stage counts ended stays by when they began; stays under way are counted apart")
    void timeInStage() {
        Map<Stage, Stats> stages = Velocity.timeInStage(List.of(A, B), Funnel.Range.ALL);
        assertThat(stages.get(Stage.LEAD)).isEqualTo(new Stats(2, Duration.ofHours(1), Duration.ofHours(2), 0));
        assertThat(stages.get(Stage.MQL)).isEqualTo(new Stats(2, Duration.ofHours(2), Duration.ofHours(2), 1));
        assertThat(stages.get(Stage.SAL)).isEqualTo(new Stats(1, Duration.ofHours(24), Duration.ofHours(24), 0));
        assertThat(stages.get(Stage.RECYCLED)).isEqualTo(new Stats(1, Duration.ofHours(96), Duration.ofHours(96), 0));
        assertThat(stages).doesNotContainKey(Stage.CUSTOMER);

        Funnel.Range later = new Funnel.Range(T0 + 2 * HOUR, Long.MAX_VALUE);
        assertThat(Velocity.timeInStage(List.of(A, B), later).get(Stage.MQL))
                .as("A's MQL began before the range")
                .isEqualTo(new Stats(1, Duration.ofHours(2), Duration.ofHours(2), 1));
    }

    @Test
    @DisplayName(
            "MQL to first touch: touches before the MQL or after the lead left do not count; untouched open MQLs are under way")
    void firstTouch() {
        Stats s = Velocity.mqlToFirstTouch(List.of(A, B, C), Funnel.Range.ALL);
        assertThat(s).isEqualTo(new Stats(2, Duration.ofMinutes(30), Duration.ofHours(1), 1));
    }

    @Test
    @DisplayName("MQL to won: in the same cycle; open cycles are under way, a recycled one is left out")
    void toCustomer() {
        assertThat(Velocity.mqlToCustomerBySlice(List.of(A, B, C), Funnel.Range.ALL))
                .containsExactly(Map.entry("all", new Stats(1, Duration.ofHours(74), Duration.ofHours(74), 2)));
    }

    @Test
    @DisplayName("sliced: each stay, touch and win counts in the slice of its cycle")
    void sliced() {
        Funnel.CycleSlice byCycle = (lead, cycle) -> "c" + cycle;
        List<LeadMoves> leads = List.of(A, B, C).stream()
                .map(l -> new LeadMoves(l.leadId(), l.transitions(), l.touches(), byCycle))
                .toList();
        Map<String, Map<Stage, Stats>> stages = Velocity.timeInStageBySlice(leads, Funnel.Range.ALL);
        assertThat(stages.keySet()).containsExactly("c0", "c1", "c2");
        assertThat(stages.get("c0").get(Stage.LEAD))
                .isEqualTo(new Stats(2, Duration.ofHours(1), Duration.ofHours(2), 0));
        assertThat(stages.get("c1").get(Stage.MQL))
                .isEqualTo(new Stats(2, Duration.ofHours(2), Duration.ofHours(2), 1));
        assertThat(stages.get("c2").get(Stage.MQL)).isEqualTo(new Stats(0, null, null, 1));
        assertThat(Velocity.mqlToFirstTouchBySlice(leads, Funnel.Range.ALL))
                .containsExactly(
                        Map.entry("c1", new Stats(1, Duration.ofMinutes(30), Duration.ofMinutes(30), 1)),
                        Map.entry("c2", new Stats(1, Duration.ofHours(1), Duration.ofHours(1), 0)));
        assertThat(Velocity.timeInStage(leads, Funnel.Range.ALL))
                .as("unsliced, whatever the slices")
                .isEqualTo(Velocity.timeInStage(List.of(A, B, C), Funnel.Range.ALL));
    }

    @Test
    @DisplayName("percentiles are nearest-rank")
    void percentiles() {
        Stats s = Stats.of(LongStream.rangeClosed(1, 10).map(m -> m * 60_000).toArray(), 0);
        assertThat(s.median()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.p90()).isEqualTo(Duration.ofMinutes(9));
        assertThat(Stats.of(new long[] {7}, 0).p90()).isEqualTo(Duration.ofMillis(7));
        assertThat(Stats.of(new long[0], 3)).isEqualTo(new Stats(0, null, null, 3));
    }
}
