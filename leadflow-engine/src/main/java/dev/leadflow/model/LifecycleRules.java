package dev.leadflow.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code lifecycle:} section.
 *
 * @param conversions          event names that make a subscriber a lead
 * @param mql                  the MQL criteria; empty when only the fast lane qualifies
 * @param fastLane             hand-raiser events that qualify at once, cool-down or not
 * @param requalifyAfterMillis how long a recycled lead waits before the criteria can re-qualify it
 * @param expireMql            whether an unaccepted MQL goes back to recycled when decay ends its criteria
 */
public record LifecycleRules(
        Set<String> conversions,
        Optional<Condition> mql,
        List<FastLane> fastLane,
        long requalifyAfterMillis,
        boolean expireMql) {

    /** The conversions used when a model does not list its own. */
    public static final List<String> DEFAULT_CONVERSIONS =
            List.of("form_submitted", "content_downloaded", "webinar_registered");

    /** The cool-down used when a model does not set {@code requalify_after}: 14 days. */
    public static final long DEFAULT_REQUALIFY_AFTER = 14L * 24 * 3600 * 1000;

    public LifecycleRules {
        conversions = Set.copyOf(conversions);
        fastLane = List.copyOf(fastLane);
    }

    /** A fast-lane entry: an event (and optional condition on it) that makes a known lead an MQL at once. */
    public record FastLane(String on, Condition condition) {}
}
