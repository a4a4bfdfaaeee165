package dev.leadflow.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.leadflow.model.ConfigChecks;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The numeric thresholds of a model's MQL criteria, and the model with one (or all) of them moved:
 * the variants a threshold sweep replays. Variants are written into the model's own YAML and read
 * by {@link ModelParser}, so a variant is exactly the model a person would get by editing that number.
 *
 */
public final class Sweep {

    /** The most thresholds a backtest sweeps (each is eight lanes of the draft's engine): the first ones. */
    public static final int MAX_THRESHOLDS = 8;

    /** How many values a sweep tries on each side of the model's own. */
    static final int STEPS_EACH_SIDE = 4;

    private static final Set<String> COMPARISONS = Set.of("gt", "gte", "lt", "lte");
    private static final YAMLMapper YAML = new YAMLMapper();

    /**
     * One threshold: where it is in the YAML ({@code path}, e.g. {@code lifecycle.mql.all[1].gte}),
     * what it compares ({@code subject}, e.g. {@code score: engagement}) and its value.
     */
    public record Threshold(String path, String subject, String operator, double value) {

        /** The values a sweep tries: the model's own and {@link #STEPS_EACH_SIDE} nice steps each side, ascending. */
        public List<Double> values() {
            double step = niceStep(Math.abs(value) / (2 * STEPS_EACH_SIDE));
            List<Double> out = new ArrayList<>();
            for (int i = -STEPS_EACH_SIDE; i <= STEPS_EACH_SIDE; i++) {
                double v = BigDecimal.valueOf(value)
                        .add(BigDecimal.valueOf(step).multiply(BigDecimal.valueOf(i)))
                        .doubleValue();
                if ((value >= 0 && v < 0) || !Double.isFinite(v)) {
                    continue; // a score or a count threshold does not go below zero
                }
                out.add(v);
            }
            return out;
        }
    }

    private final JsonNode root;
    private final List<Threshold> thresholds;

    private Sweep(JsonNode root, List<Threshold> thresholds) {
        this.root = root;
        this.thresholds = List.copyOf(thresholds);
    }

    /** The thresholds of {@code yaml}, a model that parses. */
    public static Sweep of(String yaml) {
        JsonNode root = ConfigChecks.readYaml(yaml, new ArrayList<>());
        if (root == null) {
            throw new IllegalArgumentException("not a model: " + yaml.length() + " characters of unreadable YAML");
        }
        List<Threshold> found = new ArrayList<>();
        JsonNode mql = root.path("lifecycle").path("mql");
        if (!mql.isMissingNode()) {
            collect(mql, "lifecycle.mql", found);
        }
        return new Sweep(root, found);
    }

    public List<Threshold> thresholds() {
        return thresholds;
    }

    /** The thresholds a backtest sweeps: the first {@link #MAX_THRESHOLDS}. */
    public List<Threshold> swept() {
        return thresholds.subList(0, Math.min(MAX_THRESHOLDS, thresholds.size()));
    }

    /** The model with {@code threshold} at {@code value}, the others as written. */
    public Model with(Threshold threshold, double value) {
        return parse(yamlWith(threshold, value));
    }

    /** The YAML of {@link #with}. */
    public String yamlWith(Threshold threshold, double value) {
        return yaml(Map.of(threshold.path(), value));
    }

    private String yaml(Map<String, Double> values) {
        JsonNode copy = root.deepCopy();
        values.forEach((path, value) -> set(copy, path, value));
        try {
            return YAML.writeValueAsString(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a model read from YAML writes back as YAML", e);
        }
    }

    private static Model parse(String yaml) {
        return switch (new ModelParser().parse(yaml)) {
            case ModelParser.Result.Valid v -> v.model();
            case ModelParser.Result.Invalid i ->
                throw new IllegalStateException(
                        "a threshold moved within its range leaves a valid model: " + i.errors());
        };
    }

    private static void collect(JsonNode node, String path, List<Threshold> out) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", out);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (var field : node.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String at = path + "." + key;
            switch (key) {
                case "all", "any", "not" -> collect(value, at, out);
                default -> {
                    if (COMPARISONS.contains(key) && value.isNumber()) {
                        out.add(new Threshold(at, subject(node), key, value.doubleValue()));
                    }
                }
            }
        }
    }

    private static String subject(JsonNode condition) {
        for (String key : List.of("score", "attribute", "property")) {
            if (condition.has(key)) {
                return key + ": " + condition.get(key).asText();
            }
        }
        return "?";
    }

    /** Sets the number at {@code path} (dotted keys and [i] indices from the root). */
    private static void set(JsonNode root, String path, double value) {
        JsonNode node = root;
        List<String> parts = new ArrayList<>(List.of(path.replace("[", ".[").split("\\.")));
        String last = parts.remove(parts.size() - 1);
        for (String part : parts) {
            node = part.startsWith("[")
                    ? node.get(Integer.parseInt(part.substring(1, part.length() - 1)))
                    : node.get(part);
        }
        if (last.startsWith("[")) {
            ((ArrayNode) node).set(Integer.parseInt(last.substring(1, last.length() - 1)), number(value));
        } else {
            ((ObjectNode) node).set(last, number(value));
        }
    }

    private static JsonNode number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? YAML.getNodeFactory().numberNode((long) value)
                : YAML.getNodeFactory().numberNode(value);
    }

    /** The step of 1, 2 or 5 times a power of ten nearest to {@code raw} (by ratio); at least 1. */
    static double niceStep(double raw) {
        if (raw <= 1) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double best = power;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (Math.abs(Math.log(m * power / raw)) < Math.abs(Math.log(best / raw))) {
                best = m * power;
            }
        }
        return best;
    }
}
