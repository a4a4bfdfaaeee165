package dev.leadflow.lifecycle;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The sales side of the lifecycle (the lifecycle in README.md) as a pure function: a stage and an action give either
 * the next stage or a refusal that names what is allowed. Automatic moves (identity, conversion,
 * MQL, expiry) are made by the engine, never by actions.
 */
public final class StateMachine {

    private static final Map<Stage, List<Action>> ALLOWED = new EnumMap<>(Stage.class);

    static {
        for (Stage s : Stage.values()) {
            ALLOWED.put(s, List.of());
        }
        ALLOWED.put(Stage.MQL, List.of(Action.ACCEPT, Action.REJECT, Action.TOUCH));
        ALLOWED.put(Stage.SAL, List.of(Action.QUALIFY, Action.RECYCLE, Action.DISQUALIFY, Action.TOUCH));
        ALLOWED.put(Stage.SQL, List.of(Action.OPEN_OPPORTUNITY, Action.RECYCLE, Action.DISQUALIFY));
        ALLOWED.put(Stage.OPPORTUNITY, List.of(Action.WIN, Action.LOSE));
    }

    /**
     * The reason of the hand-off's {@code recycle} escalation step: {@code recycle} with it is
     * allowed in MQL too, where sales would otherwise reject.
     */
    public static final String SLA_BREACH = "sla_breach";

    /** The channels a {@code touch} names (its reason). */
    public static final List<String> CHANNELS =
            List.of("email", "phone", "meeting", "video", "chat", "sms", "social", "other");

    private StateMachine() {}

    /** What {@link #decide} may return. */
    public sealed interface Decision {
        /** The action is legal: the lead moves to {@code to}; {@code reason} is what the transition records. */
        record Move(Stage to, String reason) implements Decision {}

        /** The action is legal and keeps the stage (a {@code touch}); {@code reason} is what it records. */
        record Stay(String reason) implements Decision {}

        /** The action is not allowed in this stage (HTTP 409). */
        record NotAllowed(Stage stage, Action action, List<Action> allowed) implements Decision {
            public String message() {
                return "cannot " + action.wireName() + " a lead in stage '" + stage.wireName() + "' (allowed: "
                        + (allowed.isEmpty()
                                ? "none"
                                : allowed.stream().map(Action::wireName).collect(Collectors.joining(", ")))
                        + ")";
            }
        }

        /** The action is allowed but its reason is missing or unknown (HTTP 400). */
        record BadReason(String message) implements Decision {}
    }

    /** The actions allowed in {@code stage}, in a fixed order. */
    public static List<Action> allowed(Stage stage) {
        return ALLOWED.getOrDefault(stage, List.of()); // every stage has its list
    }

    /** Decides an action; {@code reason} may be null. */
    public static Decision decide(Stage from, Action action, @Nullable String reason) {
        if (action == Action.RECYCLE && SLA_BREACH.equals(reason) && from == Stage.MQL) {
            return new Decision.Move(
                    Stage.RECYCLED, SLA_BREACH); // the SLA escalation's step (SAL allows recycle anyway)
        }
        if (!allowed(from).contains(action)) {
            return new Decision.NotAllowed(from, action, allowed(from));
        }
        String r = reason == null || reason.isBlank() ? null : reason.trim();
        return switch (action) {
            case ACCEPT -> new Decision.Move(Stage.SAL, r == null ? "accepted" : r);
            case QUALIFY -> new Decision.Move(Stage.SQL, r == null ? "qualified" : r);
            case OPEN_OPPORTUNITY -> new Decision.Move(Stage.OPPORTUNITY, r == null ? "opportunity_opened" : r);
            case WIN -> new Decision.Move(Stage.CUSTOMER, r == null ? "won" : r);
            case LOSE -> new Decision.Move(Stage.RECYCLED, r == null ? "lost" : r);
            case REJECT -> {
                if (r == null) {
                    yield new Decision.BadReason("reject needs a reason: one of " + RejectReason.wireNames());
                }
                yield RejectReason.fromWire(r)
                        .<Decision>map(rr -> new Decision.Move(rr.destination(), rr.wireName()))
                        .orElseGet(() -> new Decision.BadReason(
                                "unknown reject reason '" + r + "' (one of " + RejectReason.wireNames() + ")"));
            }
            case TOUCH ->
                r != null && CHANNELS.contains(r)
                        ? new Decision.Stay(r)
                        : new Decision.BadReason(
                                r == null
                                        ? "touch needs a channel: one of " + String.join(", ", CHANNELS)
                                        : "unknown channel '" + r + "' (one of " + String.join(", ", CHANNELS) + ")");
            case RECYCLE, DISQUALIFY ->
                r == null
                        ? new Decision.BadReason(action.wireName() + " needs a reason (e.g. "
                                + (action == Action.RECYCLE ? "premature, no_budget_yet" : "not_icp, competitor") + ")")
                        : new Decision.Move(action == Action.RECYCLE ? Stage.RECYCLED : Stage.DISQUALIFIED, r);
        };
    }
}
