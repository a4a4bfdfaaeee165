package dev.leadflow.lifecycle;

import java.util.Objects;

/**
 * One recorded stage change.
 *
 * @param from   the stage left
 * @param to     the stage entered
 * @param at     when, epoch milliseconds
 * @param actor  who or what moved it: a rule ({@code lifecycle.mql}, {@code fast_lane}, {@code identity},
 *               {@code conversion}, {@code timer}) or the user/API key of a sales action
 * @param reason why, e.g. {@code premature}, {@code expired}, {@code demo_requested}; never null
 * @param cycle  the qualification cycle the lead is in after the move (0 before the first MQL)
 */
public record Transition(Stage from, Stage to, long at, String actor, String reason, int cycle) {

    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
    }
}
