package dev.leadflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.lifecycle.StateMachine.Decision;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The lifecycle state machine")
class StateMachineTest {

    /** the lifecycle in README.md: the one legal destination of each (stage, action), with a valid reason where one is needed. */
    private static final Map<Stage, Map<Action, Stage>> LEGAL = new EnumMap<>(Stage.class);

    static {
        for (Stage s : Stage.values()) {
            LEGAL.put(s, new EnumMap<>(Action.class));
        }
        LEGAL.get(Stage.MQL).put(Action.ACCEPT, Stage.SAL);
        LEGAL.get(Stage.MQL).put(Action.REJECT, Stage.RECYCLED);
        LEGAL.get(Stage.SAL).put(Action.QUALIFY, Stage.SQL);
        LEGAL.get(Stage.SAL).put(Action.RECYCLE, Stage.RECYCLED);
        LEGAL.get(Stage.SAL).put(Action.DISQUALIFY, Stage.DISQUALIFIED);
        LEGAL.get(Stage.SQL).put(Action.OPEN_OPPORTUNITY, Stage.OPPORTUNITY);
        LEGAL.get(Stage.SQL).put(Action.RECYCLE, Stage.RECYCLED);
        LEGAL.get(Stage.SQL).put(Action.DISQUALIFY, Stage.DISQUALIFIED);
        LEGAL.get(Stage.OPPORTUNITY).put(Action.WIN, Stage.CUSTOMER);
        LEGAL.get(Stage.OPPORTUNITY).put(Action.LOSE, Stage.RECYCLED);
        LEGAL.get(Stage.MQL).put(Action.TOUCH, Stage.MQL); // a touch keeps the stage
        LEGAL.get(Stage.SAL).put(Action.TOUCH, Stage.SAL);
    }

    static Stream<Arguments> everyStageAndAction() {
        return Stream.of(Stage.values()).flatMap(s -> Stream.of(Action.values()).map(a -> Arguments.of(s, a)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("everyStageAndAction")
    @DisplayName("moves each legal (stage, action) to its destination and refuses every other, naming the allowed")
    void everyPair(Stage stage, Action action) {
        Decision d = StateMachine.decide(stage, action, action == Action.TOUCH ? "phone" : "premature");
        Stage expected = LEGAL.get(stage).get(action);
        if (expected != null && action == Action.TOUCH) {
            assertThat(d).isEqualTo(new Decision.Stay("phone"));
        } else if (expected != null) {
            assertThat(d).isInstanceOf(Decision.Move.class);
            assertThat(((Decision.Move) d).to()).isEqualTo(expected);
        } else {
            assertThat(d).isInstanceOf(Decision.NotAllowed.class);
            Decision.NotAllowed n = (Decision.NotAllowed) d;
            assertThat(n.allowed())
                    .containsExactlyInAnyOrderElementsOf(LEGAL.get(stage).keySet());
            assertThat(n.message())
                    .contains(action.wireName())
                    .contains(stage.wireName())
                    .contains(
                            LEGAL.get(stage).isEmpty()
                                    ? "allowed: none"
                                    : "allowed: "
                                            + StateMachine.allowed(stage).get(0).wireName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RejectReason.class)
    @DisplayName("routes a rejection by its reason: recycled or disqualified")
    void rejectReasons(RejectReason reason) {
        Decision d = StateMachine.decide(Stage.MQL, Action.REJECT, reason.wireName());
        Stage expected = switch (reason) {
            case PREMATURE, INACCURATE_DATA, OTHER -> Stage.RECYCLED;
            case NOT_ICP, DUPLICATE, COMPETITOR -> Stage.DISQUALIFIED;
        };
        assertThat(d).isEqualTo(new Decision.Move(expected, reason.wireName()));
    }

    @Test
    @DisplayName("the SLA escalation recycles an MQL with reason sla_breach; any other recycle of an MQL is refused")
    void slaRecycle() {
        assertThat(StateMachine.decide(Stage.MQL, Action.RECYCLE, "sla_breach"))
                .isEqualTo(new Decision.Move(Stage.RECYCLED, "sla_breach"));
        assertThat(StateMachine.decide(Stage.SAL, Action.RECYCLE, "sla_breach"))
                .isEqualTo(new Decision.Move(Stage.RECYCLED, "sla_breach"));
        assertThat(StateMachine.decide(Stage.MQL, Action.RECYCLE, "premature")).isInstanceOf(Decision.NotAllowed.class);
        assertThat(StateMachine.decide(Stage.SQL, Action.RECYCLE, "sla_breach"))
                .isEqualTo(new Decision.Move(Stage.RECYCLED, "sla_breach"));
    }

    @Test
    @DisplayName("a touch needs a known channel and keeps the stage")
    void touchChannels() {
        assertThat(StateMachine.decide(Stage.SAL, Action.TOUCH, " meeting ")).isEqualTo(new Decision.Stay("meeting"));
        assertThat(StateMachine.decide(Stage.MQL, Action.TOUCH, null))
                .isEqualTo(new Decision.BadReason(
                        "touch needs a channel: one of email, phone, meeting, video, chat, sms, " + "social, other"));
        assertThat(StateMachine.decide(Stage.MQL, Action.TOUCH, "pigeon"))
                .isInstanceOf(Decision.BadReason.class)
                .extracting(d -> ((Decision.BadReason) d).message())
                .asString()
                .startsWith("unknown channel 'pigeon'");
    }

    @Test
    @DisplayName("requires a known reason to reject, and a reason to recycle or disqualify")
    void reasonsRequired() {
        assertThat(StateMachine.decide(Stage.MQL, Action.REJECT, null)).isInstanceOf(Decision.BadReason.class);
        assertThat(StateMachine.decide(Stage.MQL, Action.REJECT, " ")).isInstanceOf(Decision.BadReason.class);
        assertThat(StateMachine.decide(Stage.MQL, Action.REJECT, "too_small"))
                .isEqualTo(new Decision.BadReason("unknown reject reason 'too_small' (one of premature, "
                        + "inaccurate_data, other, not_icp, duplicate, competitor)"));
        assertThat(StateMachine.decide(Stage.SAL, Action.RECYCLE, null)).isInstanceOf(Decision.BadReason.class);
        assertThat(StateMachine.decide(Stage.SQL, Action.DISQUALIFY, "")).isInstanceOf(Decision.BadReason.class);
        assertThat(StateMachine.decide(Stage.SAL, Action.RECYCLE, "no_budget_yet"))
                .isEqualTo(new Decision.Move(Stage.RECYCLED, "no_budget_yet"));
    }

    @Test
    @DisplayName("records a default reason where none is needed")
    void defaultReasons() {
        assertThat(StateMachine.decide(Stage.MQL, Action.ACCEPT, null))
                .isEqualTo(new Decision.Move(Stage.SAL, "accepted"));
        assertThat(StateMachine.decide(Stage.OPPORTUNITY, Action.LOSE, null))
                .isEqualTo(new Decision.Move(Stage.RECYCLED, "lost"));
        assertThat(StateMachine.decide(Stage.OPPORTUNITY, Action.LOSE, "price"))
                .isEqualTo(new Decision.Move(Stage.RECYCLED, "price"));
        assertThat(StateMachine.decide(Stage.OPPORTUNITY, Action.WIN, null))
                .isEqualTo(new Decision.Move(Stage.CUSTOMER, "won"));
    }
}
