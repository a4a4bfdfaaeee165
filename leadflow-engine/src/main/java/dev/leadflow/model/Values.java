package dev.leadflow.model;

import org.jspecify.annotations.Nullable;

/** Reading fact values as numbers, without exceptions on the hot path. */
public final class Values {

    private Values() {}

    /** The number a fact value holds ({@code 250.0} or {@code "250"}), or NaN when it holds none. */
    public static double number(@Nullable Object value) {
        // instanceof, not a type switch: this runs for every comparison of every event
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof String s) {
            return number(s);
        }
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Parses a decimal number such as {@code -12}, {@code 3.5} or {@code 1e6}; NaN when it is not one. */
    public static double number(String s) {
        int len = s.length();
        if (len == 0 || len > 40) {
            return Double.NaN;
        }
        boolean digit = false;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
                return Double.NaN;
            }
        }
        if (!digit) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** {@code 250} for 250.0, {@code 2.5} for 2.5. */
    public static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
