package dev.leadflow.model;

import java.util.Optional;
import java.util.Set;

/**
 * An engagement rule: {@code points} for each event named in {@code on} for which {@code condition}
 * holds, at most {@code limit.count} scored matches within any window of {@code limit.per}.
 */
public record EngagementRule(String name, Set<String> on, Condition condition, double points, Optional<Limit> limit) {

    /** A sliding-window rate limit over a rule's scored matches. */
    public record Limit(int count, long perMillis) {}
}
