package dev.leadflow.model;

import org.jspecify.annotations.Nullable;

/**
 * What a condition can read: the lead's profile, the event being scored (if any) and the scores.
 * Implementations are views over engine state, built without copying.
 */
public interface Facts {

    /** A profile attribute at a dotted key, or null when absent. */
    @Nullable
    Object attribute(String key);

    /** A property of the event being evaluated, or null (also when there is no event). */
    @Nullable
    Object property(String key);

    /** A score's current value; {@link Double#NaN} when the score is not available. */
    double score(Score score);
}
