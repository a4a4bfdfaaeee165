package dev.leadflow.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code predictive:} section (docs/PREDICTIVE.md): what a qualification cycle is labelled for
 * and how the probability is learned from the instance's closed cycles.
 *
 * @param target        what makes a cycle positive: reaching SQL, or being won
 * @param attributes    the profile attributes to learn from; empty: every one present on at least
 *                      1% of the training cycles
 * @param minOutcomes   below this many closed cycles of either class there is no probability
 * @param retrainMillis how often the server retrains and publishes a new version
 * @param horizonMillis a cycle still open this long after its MQL instant counts as ended without
 *                      the target (most MQLs are never closed by hand)
 * @param zone          the time zone of the weekday feature
 */
public record Predictive(
        Target target,
        Optional<List<String>> attributes,
        int minOutcomes,
        long retrainMillis,
        long horizonMillis,
        ZoneId zone) {

    /** What a cycle is labelled positive for. */
    public enum Target {
        SQL,
        WON;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final int DEFAULT_MIN_OUTCOMES = 40;
    public static final long DEFAULT_RETRAIN = 7 * 86_400_000L;
    public static final long DEFAULT_HORIZON = 90 * 86_400_000L;

    private static final Set<String> KEYS =
            Set.of("target", "attributes", "min_outcomes", "retrain", "horizon", "time_zone");

    public Predictive {
        attributes = attributes.map(List::copyOf);
    }

    /** The section at {@code node}, or null after errors (recorded in {@code checks}). */
    static @Nullable Predictive read(JsonNode node, ConfigChecks checks) {
        String path = "predictive";
        if (!checks.mapping(node, path)) {
            return null;
        }
        checks.keys(node, path, KEYS);
        Target target = checks.choice(node, "target", path, Target.values(), Target::wireName, null);
        Optional<List<String>> attributes = Optional.empty();
        JsonNode a = node.get("attributes");
        boolean ok = true;
        if (a != null && !a.isNull()) {
            if (!a.isArray() || a.isEmpty()) {
                checks.add(
                        path + ".attributes",
                        "must be a list of profile attributes, e.g. [company.industry, job.seniority]");
                ok = false;
            } else {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    if (!a.get(i).isTextual() || a.get(i).asText().isBlank()) {
                        checks.add(
                                path + ".attributes[" + i + "]",
                                "must be an attribute's dotted key, e.g. company.industry");
                        ok = false;
                    } else if (keys.contains(a.get(i).asText())) {
                        checks.add(
                                path + ".attributes[" + i + "]", "'" + a.get(i).asText() + "' is listed twice");
                        ok = false;
                    } else {
                        keys.add(a.get(i).asText());
                    }
                }
                attributes = Optional.of(keys);
            }
        }
        Integer min = checks.wholeNumber(node, "min_outcomes", path, DEFAULT_MIN_OUTCOMES, 1, 1_000_000);
        Long retrain = node.has("retrain") ? checks.positive(node, "retrain", path) : Long.valueOf(DEFAULT_RETRAIN);
        Long horizon = node.has("horizon") ? checks.positive(node, "horizon", path) : Long.valueOf(DEFAULT_HORIZON);
        ZoneId zone = ZoneId.of("UTC");
        String z = checks.string(node, "time_zone", path, false);
        if (z != null) {
            try {
                zone = ZoneId.of(z);
            } catch (DateTimeException e) {
                checks.add(path + ".time_zone", "unknown time zone '" + z + "' (e.g. Europe/Berlin, UTC)");
                ok = false;
            }
        }
        if (target == null || min == null || retrain == null || horizon == null || !ok) {
            return null;
        }
        return new Predictive(target, attributes, min, retrain, horizon, zone);
    }
}
