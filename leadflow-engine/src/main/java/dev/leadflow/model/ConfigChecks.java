package dev.leadflow.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks every Leadflow YAML file shares (the model, the hand-off configuration): each reads
 * one value and, when it is wrong, records an error by path with the fix where known, so that a
 * file is refused whole with every error at once. Conditions are written in the model's condition
 * language. Not thread-safe: one per file read.
 */
public final class ConfigChecks {

    private final Problems problems;
    private final ConditionParser conditions;
    private final Map<String, String> keySynonyms;

    /** Checks whose unknown-key errors suggest the allowed key a typo (or one of {@code keySynonyms}) meant. */
    public ConfigChecks(Map<String, String> keySynonyms) {
        this(new Problems(), keySynonyms);
    }

    ConfigChecks(Problems problems, Map<String, String> keySynonyms) {
        this.problems = problems;
        this.conditions = new ConditionParser(problems);
        this.keySynonyms = keySynonyms;
    }

    public void add(String path, String message) {
        problems.add(path, message);
    }

    public List<ModelError> errors() {
        return problems.errors();
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Whether {@code node} is a mapping (an error when not). */
    public boolean mapping(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            problems.add(path, "must be a mapping");
            return false;
        }
        return true;
    }

    /** An error for each key of {@code node} not in {@code allowed}, with the key probably meant. */
    public void keys(JsonNode node, String path, Set<String> allowed) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                problems.add(path.isEmpty() ? k : path + "." + k, "unknown key"
                        + Problems.didYouMean(k, allowed, keySynonyms) + "; allowed here: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        });
    }

    /** A non-empty string, or null (an error when it is required or not a string). */
    public String string(JsonNode node, String key, String path, boolean required) {
        String at = path.isEmpty() ? key : path + "." + key;
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(at, "missing");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add(at, "must be a non-empty string");
            return null;
        }
        return v.asText();
    }

    /** A required finite number, or null (an error). */
    public Double number(JsonNode node, String key, String path) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            problems.add(path + "." + key, "missing");
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            problems.add(path + "." + key, "must be a finite number, e.g. " + key + ": 10");
            return null;
        }
        return v.doubleValue();
    }

    /** A required duration ({@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}) in milliseconds, or null (an error). */
    public Long duration(JsonNode node, String key, String path) {
        String at = path.isEmpty() ? key : path + "." + key;
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            problems.add(at, "missing");
            return null;
        }
        Optional<Long> d = v.isTextual() ? Durations.parse(v.asText()) : Optional.empty();
        if (d.isEmpty()) {
            problems.add(at, "invalid duration '" + v.asText() + "' (a whole number and a unit: 30m, 12h, 7d, 2w; "
                    + "at most 100 years)");
            return null;
        }
        return d.get();
    }

    /** A condition on the lead's attributes and scores (as the MQL criteria are), or null (errors recorded). */
    public Condition leadCondition(JsonNode node, String path) {
        return conditions.parse(node, path, ConditionParser.Place.LEAD);
    }

    Condition condition(JsonNode node, String path, ConditionParser.Place place) {
        return conditions.parse(node, path, place);
    }
}
