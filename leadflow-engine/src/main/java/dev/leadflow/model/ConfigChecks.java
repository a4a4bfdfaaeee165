package dev.leadflow.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The checks every Leadflow YAML file shares (the model, the hand-off configuration): each reads
 * one value and, when it is wrong, records an error by path with the fix where known, so that a
 * file is refused whole with every error at once. Conditions are written in the model's condition
 * language. Not thread-safe: one per file read.
 */
public final class ConfigChecks {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

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

    /**
     * The YAML text as a tree (a missing node for an empty text); null when it does not parse, with
     * the error, naming the line, added to {@code errors}. A key given twice is such an error.
     */
    public static @Nullable JsonNode readYaml(String text, List<ModelError> errors) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            errors.add(new ModelError(where, "not valid YAML: " + e.getOriginalMessage()));
            return null;
        }
    }

    /** The one of {@code candidates} that {@code typed} probably meant (edit distance at most 2, or 3 for long words). */
    public static Optional<String> suggest(String typed, java.util.Collection<String> candidates) {
        return Problems.suggest(typed, candidates, Map.of());
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
                problems.add(
                        path.isEmpty() ? k : path + "." + k,
                        "unknown key"
                                + Problems.didYouMean(k, allowed, keySynonyms) + "; allowed here: "
                                + String.join(", ", new TreeSet<>(allowed)));
            }
        });
    }

    /** A non-empty string, or null (an error when it is required or not a string). */
    public @Nullable String string(JsonNode node, String key, String path, boolean required) {
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
    public @Nullable Double number(JsonNode node, String key, String path) {
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

    /**
     * The largest number of points a rule may give or take: far beyond any real model, and small
     * enough that no history of any length sums to infinity.
     */
    public static final double MAX_POINTS = 10_000;

    /** A rule's required {@code points}: a finite number within ±{@link #MAX_POINTS}, or null (an error). */
    public @Nullable Double points(JsonNode node, String path) {
        Double points = number(node, "points", path);
        if (points != null && Math.abs(points) > MAX_POINTS) {
            problems.add(
                    path + ".points",
                    "must be between -" + (int) MAX_POINTS + " and " + (int) MAX_POINTS
                            + " (a rule's points are a weight, e.g. points: 10)");
            return null;
        }
        return points;
    }

    /** A required duration ({@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}) in milliseconds, or null (an error). */
    public @Nullable Long duration(JsonNode node, String key, String path) {
        String at = path.isEmpty() ? key : path + "." + key;
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            problems.add(at, "missing");
            return null;
        }
        if ((v.isIntegralNumber() && v.longValue() == 0)
                || (v.isTextual() && v.asText().strip().equals("0"))) {
            return 0L; // zero needs no unit
        }
        Optional<Long> d = v.isTextual() ? Durations.parse(v.asText()) : Optional.empty();
        if (d.isEmpty()) {
            problems.add(
                    at,
                    "invalid duration '" + v.asText() + "' (a whole number and a unit: 30m, 12h, 7d, 2w, 3y; "
                            + "at most 100 years)");
            return null;
        }
        return d.get();
    }

    /** A condition on the lead's attributes and scores (as the MQL criteria are), or null (errors recorded). */
    public @Nullable Condition leadCondition(JsonNode node, String path) {
        return conditions.parse(node, path, ConditionParser.Place.LEAD);
    }

    @Nullable
    Condition condition(JsonNode node, String path, ConditionParser.Place place) {
        return conditions.parse(node, path, place);
    }

    /** The items of the list at {@code key}, each read by {@code item} (null items, after errors, left out). */
    public <T> List<T> list(JsonNode root, String key, BiFunction<JsonNode, String, T> item) {
        List<T> out = new ArrayList<>();
        JsonNode list = root.get(key);
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            add(key, "must be a list");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = key + "[" + i + "]";
            if (mapping(list.get(i), path)) {
                T t = item.apply(list.get(i), path);
                if (t != null) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** An error at {@code path} for each id (read by {@code id}) that two items share. */
    public <T> void unique(List<T> items, Function<T, String> id, String path, String key, String what) {
        Set<String> seen = new HashSet<>();
        for (T t : items) {
            if (!seen.add(id.apply(t))) {
                add(path, "two " + what + "s have the " + key + " '" + id.apply(t) + "'");
            }
        }
    }

    /** A required identifier at {@code key}: lower case letters, digits, '.', '_' or '-'; null after an error. */
    public @Nullable String id(JsonNode node, String key, String path) {
        String id = string(node, key, path, true);
        if (id != null && !ID.matcher(id).matches()) {
            add(path + "." + key, "'" + id + "' must be lower case letters, digits, '.', '_' or '-'");
            return null;
        }
        return id;
    }

    /** A required duration longer than zero, in milliseconds; null after an error. */
    public @Nullable Long positive(JsonNode node, String key, String path) {
        Long d = duration(node, key, path);
        if (d != null && d == 0) {
            add(path + "." + key, "must be longer than zero");
            return null;
        }
        return d;
    }

    /** A whole number from {@code min} to {@code max}; {@code absent} when missing; null after an error. */
    public @Nullable Integer wholeNumber(JsonNode node, String key, String path, int absent, int min, int max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            add(path + "." + key, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return v.intValue();
    }

    /** true or false; {@code absent} when missing or wrong (with an error). */
    public boolean bool(JsonNode node, String key, String path, boolean absent) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            add(path + "." + key, "must be true or false");
        }
        return v.isBoolean() ? v.booleanValue() : absent;
    }

    /** One of {@code values} by its wire name; {@code absent} when missing (an error when that is null too). */
    public <E> @Nullable E choice(
            JsonNode node, String key, String path, E[] values, Function<E, String> wire, @Nullable E absent) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (absent == null) {
                add(path + "." + key, "missing: one of " + names(values, wire));
            }
            return absent;
        }
        return named(v.asText(), path + "." + key, values, wire);
    }

    /** The one of {@code values} whose wire name is {@code text}; null (with an error and a suggestion) when none is. */
    public <E> @Nullable E named(String text, String at, E[] values, Function<E, String> wire) {
        for (E e : values) {
            if (wire.apply(e).equals(text)) {
                return e;
            }
        }
        Set<String> names = new LinkedHashSet<>(Arrays.stream(values).map(wire).toList());
        add(at, "unknown '" + text + "'" + suggestion(text, names) + "; one of " + names(values, wire));
        return null;
    }

    /** The wire names of {@code values}, comma-separated, for messages. */
    public static <E> String names(E[] values, Function<E, String> wire) {
        return String.join(", ", Arrays.stream(values).map(wire).toList());
    }

    /** " (did you mean 'x'?)" when {@code typed} is near one of {@code candidates}, else empty. */
    public static String suggestion(String typed, Set<String> candidates) {
        return suggest(typed, candidates)
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse("");
    }
}
