package dev.leadflow.input;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A flat, immutable map of user-defined fields (traits, properties, context) with dotted keys:
 * {@code {"company":{"employees":250}}} is read as {@code company.employees}. Values are
 * {@link String}, {@link Double}, {@link Boolean} or an unmodifiable {@link java.util.List} of those;
 * JSON nulls are absent.
 */
public final class Fields {

    private static final Fields EMPTY = new Fields(Map.of());

    private final Map<String, Object> values;
    private final Map<String, Object> view;

    private Fields(Map<String, Object> values) {
        this.values = values;
        this.view = Collections.unmodifiableMap(values);
    }

    /** The empty field map. */
    public static Fields empty() {
        return EMPTY;
    }

    /** A copy of {@code values}, which must already be flat and hold only supported value types. */
    public static Fields of(Map<String, ?> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        Map<String, Object> copy = new LinkedHashMap<>(values.size() * 2);
        values.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v, k)));
        return new Fields(copy);
    }

    /** The value at a dotted key, or null when absent. */
    public Object get(String key) {
        return values.get(key);
    }

    /** All fields in input order. */
    public Map<String, Object> asMap() {
        return view;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public int size() {
        return values.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fields f && f.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
