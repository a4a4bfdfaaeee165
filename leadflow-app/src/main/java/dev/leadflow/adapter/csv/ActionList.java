package dev.leadflow.adapter.csv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.StateMachine;
import dev.leadflow.model.ConfigChecks;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The {@code actions} of an outcome: one action or a list, each a legal step after the one before
 * it (by {@link StateMachine}), so that {@code [accept, win]} is refused when the mapping is read,
 * not on every row when the history is replayed.
 */
final class ActionList {

    /** The actions the state machine refuses without a reason. */
    static final Set<Action> NEEDS_REASON = EnumSet.of(Action.REJECT, Action.RECYCLE, Action.DISQUALIFY, Action.TOUCH);

    static final Map<Action, String> EXAMPLE_REASON = Map.of(
            Action.REJECT,
            "reason: { value: not_icp }",
            Action.RECYCLE,
            "reason: { value: premature }",
            Action.DISQUALIFY,
            "reason: { value: competitor }",
            Action.TOUCH,
            "reason: { value: phone }");

    private final ConfigChecks checks;

    ActionList(ConfigChecks checks) {
        this.checks = checks;
    }

    /** The actions at {@code node.actions}; null after an error. */
    @Nullable
    List<Action> read(JsonNode node, String path) {
        String at = path + ".actions";
        JsonNode v = node.get("actions");
        List<JsonNode> items = new ArrayList<>();
        if (v != null && v.isTextual()) {
            items.add(v);
        } else if (v != null && v.isArray() && !v.isEmpty()) {
            v.forEach(items::add);
        } else {
            checks.add(
                    at,
                    (v == null || v.isNull() ? "missing: " : "must be ") + "an action or a list of them, "
                            + "in order (e.g. [accept, qualify, open_opportunity, win]); actions: "
                            + Action.wireNames());
            return null;
        }
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemAt = v.isArray() ? at + "[" + i + "]" : at;
            Action a = checks.named(items.get(i).asText(), itemAt, Action.values(), Action::wireName);
            if (a == null) {
                return null;
            }
            actions.add(a);
        }
        return legalPath(actions, at, v.isArray()) ? actions : null;
    }

    /** Whether each action can follow the one before it (an error naming the allowed ones when not). */
    private boolean legalPath(List<Action> actions, String at, boolean list) {
        Set<Stage> possible = EnumSet.noneOf(Stage.class);
        for (Stage s : Stage.values()) {
            if (StateMachine.allowed(s).contains(actions.getFirst())) {
                possible.add(s);
            }
        }
        for (int i = 0; i < actions.size(); i++) {
            Set<Stage> next = EnumSet.noneOf(Stage.class);
            for (Stage s : possible) {
                switch (StateMachine.decide(s, actions.get(i), "other")) {
                    case StateMachine.Decision.Move m -> next.add(m.to());
                    case StateMachine.Decision.Stay stay -> next.add(s);
                    default -> {}
                }
            }
            if (next.isEmpty() && i > 0) {
                Action before = actions.get(i - 1);
                checks.add(
                        list ? at + "[" + i + "]" : at,
                        "'" + actions.get(i).wireName() + "' cannot follow '"
                                + before.wireName() + "': after it a lead is in " + names(possible)
                                + ", where the actions are "
                                + possible.stream()
                                        .flatMap(s -> StateMachine.allowed(s).stream())
                                        .distinct()
                                        .map(Action::wireName)
                                        .collect(Collectors.joining(", ")));
                return false;
            }
            possible = next;
        }
        return true;
    }

    private static String names(Set<Stage> stages) {
        return stages.stream().map(Stage::wireName).collect(Collectors.joining(" or "));
    }
}
