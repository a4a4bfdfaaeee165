package dev.leadflow.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.predict.Predictive.Target;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cycles: each MQL entry labelled by how it ended")
class CyclesTest {

    static final long DAY = 86_400_000L;

    static Transition t(Stage from, Stage to, long day, int cycle) {
        return new Transition(from, to, day * DAY, "test", "", cycle);
    }

    @Test
    @DisplayName("a recycled lead that re-qualifies and reaches SQL: one negative cycle, then a positive one")
    void requalified() {
        List<Transition> ts = List.of(
                t(Stage.LEAD, Stage.MQL, 1, 1),
                t(Stage.MQL, Stage.SAL, 2, 1),
                t(Stage.SAL, Stage.RECYCLED, 3, 1),
                t(Stage.RECYCLED, Stage.MQL, 20, 2),
                t(Stage.MQL, Stage.SAL, 21, 2),
                t(Stage.SAL, Stage.SQL, 22, 2));

        assertThat(Cycles.of(ts, Target.SQL, 90 * DAY, 30 * DAY))
                .containsExactly(
                        new Cycles.Cycle(1, DAY, Cycles.Label.NEGATIVE, 3 * DAY),
                        new Cycles.Cycle(2, 20 * DAY, Cycles.Label.POSITIVE, 22 * DAY));
    }

    @Test
    @DisplayName(
            "for target won, an SQL is not enough: lost is negative, an open opportunity is open until the horizon")
    void won() {
        List<Transition> lost = List.of(
                t(Stage.LEAD, Stage.MQL, 1, 1), t(Stage.MQL, Stage.SQL, 2, 1), t(Stage.SQL, Stage.DISQUALIFIED, 5, 1));
        List<Transition> working = List.of(t(Stage.LEAD, Stage.MQL, 1, 1), t(Stage.MQL, Stage.OPPORTUNITY, 2, 1));

        assertThat(Cycles.of(lost, Target.WON, 90 * DAY, 10 * DAY).getFirst().label())
                .isEqualTo(Cycles.Label.NEGATIVE);
        assertThat(Cycles.of(lost, Target.SQL, 90 * DAY, 10 * DAY).getFirst().label())
                .isEqualTo(Cycles.Label.POSITIVE);
        assertThat(Cycles.of(working, Target.WON, 90 * DAY, 90 * DAY).getFirst().label())
                .isEqualTo(Cycles.Label.OPEN);
        assertThat(Cycles.of(working, Target.WON, 90 * DAY, 91 * DAY).getFirst())
                .isEqualTo(new Cycles.Cycle(1, DAY, Cycles.Label.NEGATIVE, 91 * DAY));
    }

    @Test
    @DisplayName("an expired MQL (back to lead by the timer) ended without the target")
    void expired() {
        List<Transition> ts = List.of(t(Stage.LEAD, Stage.MQL, 1, 1), t(Stage.MQL, Stage.RECYCLED, 4, 1));

        assertThat(Cycles.of(ts, Target.SQL, 90 * DAY, 5 * DAY).getFirst().label())
                .isEqualTo(Cycles.Label.NEGATIVE);
    }
}
