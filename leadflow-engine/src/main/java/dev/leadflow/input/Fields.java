package dev.leadflow.input;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A flat, immutable map of user-defined fields (traits, properties, context) with dotted keys:
 * {@code {"company":{"employees":250}}} is read as {@code company.employees}. Values are
 * {@link String}, {@link Double}, {@link Boolean} or an unmodifiable {@link java.util.List} of those;
 * JSON nulls are absent.
 */
public final class Fields {

    private static final Fields EMPTY = new Fields(Map.of());

    /** Up to this many fields are also kept in flat arrays, read by a scan instead of a hash lookup. */
    private static final int FLAT = 8;

    private final Map<String, Object> values;
    private final Map<String, Object> view;
    private final String @Nullable [] keys;
    private final int @Nullable [] hashes;
    private final Object @Nullable [] flat;

    private Fields(Map<String, Object> values) {
        this.values = values;
        this.view = Collections.unmodifiableMap(values);
        if (values.size() <= FLAT) {
            String[] k = values.keySet().toArray(new String[0]);
            int[] h = new int[k.length];
            Object[] f = new Object[k.length];
            for (int i = 0; i < k.length; i++) {
                h[i] = k[i].hashCode();
                f[i] = java.util.Objects.requireNonNull(values.get(k[i]));
            }
            keys = k;
            hashes = h;
            flat = f;
        } else {
            keys = null;
            hashes = null;
            flat = null;
        }
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
    @SuppressWarnings("ReferenceEquality") // the same interned key string first, equals() only when it is another
    public @Nullable Object get(String key) {
        String[] keys = this.keys;
        int[] hashes = this.hashes;
        Object[] flat = this.flat;
        if (keys == null || hashes == null || flat == null) {
            return values.get(key);
        }
        int hash = key.hashCode();
        for (int i = 0; i < keys.length; i++) {
            if (hashes[i] == hash && (keys[i] == key || keys[i].equals(key))) {
                return flat[i];
            }
        }
        return null;
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
