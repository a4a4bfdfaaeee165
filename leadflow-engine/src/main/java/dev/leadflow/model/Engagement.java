package dev.leadflow.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Engagement rules and their single decay.
 *
 * @param halfLifeMillis the half-life, or {@link #NO_DECAY}
 */
public record Engagement(long halfLifeMillis, List<EngagementRule> rules, Map<String, int[]> rulesByEvent) {

    /** The half-life of a model that does not decay ({@code half_life: never}). */
    public static final long NO_DECAY = Long.MAX_VALUE;

    private static final int[] NONE = new int[0];

    public Engagement(long halfLifeMillis, List<EngagementRule> rules) {
        this(halfLifeMillis, List.copyOf(rules), index(rules));
    }

    public Engagement {
        rules = List.copyOf(rules);
        rulesByEvent = Map.copyOf(rulesByEvent);
    }

    /** Indexes into {@link #rules()} of the rules listening to {@code eventName}, in model order. */
    public int[] rulesFor(String eventName) {
        return rulesByEvent.getOrDefault(eventName, NONE);
    }

    /** {@code 2^(-ageMillis/halfLife)}: what one point is worth after {@code ageMillis}. */
    public double decay(long ageMillis) {
        if (halfLifeMillis == NO_DECAY || ageMillis == 0) {
            return 1.0;
        }
        return Math.exp(-Math.log(2) * ((double) ageMillis / halfLifeMillis));
    }

    private static Map<String, int[]> index(List<EngagementRule> rules) {
        Map<String, List<Integer>> byEvent = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            for (String on : rules.get(i).on()) {
                byEvent.computeIfAbsent(on, k -> new ArrayList<>()).add(i);
            }
        }
        Map<String, int[]> out = new HashMap<>();
        byEvent.forEach(
                (k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }
}
