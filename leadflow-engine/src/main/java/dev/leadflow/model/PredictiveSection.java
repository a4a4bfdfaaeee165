package dev.leadflow.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadflow.predict.Predictive;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads a model's {@code predictive:} section (docs/MODEL.md), every problem by path. */
final class PredictiveSection {

    private static final Set<String> KEYS =
            Set.of("target", "attributes", "min_outcomes", "retrain", "horizon", "time_zone");

    private PredictiveSection() {}

    /** The section at {@code node}, or null after errors (recorded in {@code checks}). */
    static @Nullable Predictive read(JsonNode node, ConfigChecks checks) {
        String path = "predictive";
        if (!checks.mapping(node, path)) {
            return null;
        }
        checks.keys(node, path, KEYS);
        Predictive.Target target =
                checks.choice(node, "target", path, Predictive.Target.values(), Predictive.Target::wireName, null);
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
        Integer min = checks.wholeNumber(node, "min_outcomes", path, Predictive.DEFAULT_MIN_OUTCOMES, 1, 1_000_000);
        Long retrain =
                node.has("retrain") ? checks.positive(node, "retrain", path) : Long.valueOf(Predictive.DEFAULT_RETRAIN);
        Long horizon =
                node.has("horizon") ? checks.positive(node, "horizon", path) : Long.valueOf(Predictive.DEFAULT_HORIZON);
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
