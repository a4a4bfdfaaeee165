package dev.leadflow.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A literal from a model (the right-hand side of {@code eq}, an item of {@code in}), pre-digested
 * for fast comparison: string matching ignores case; a number also matches a numeric string
 * ({@code "250"} equals {@code 250}); a boolean also matches {@code "true"}/{@code "false"}.
 */
public record Operand(String text, double number, @Nullable Boolean bool) {

    static Operand of(Object literal) {
        return switch (literal) {
            case Boolean b -> new Operand(b.toString(), Double.NaN, b);
            case Number n -> new Operand(Values.format(n.doubleValue()), n.doubleValue(), null);
            default -> {
                String s = literal.toString();
                yield new Operand(s, Values.number(s), null);
            }
        };
    }

    /** Whether {@code actual} (a fact value; a list matches when any element does) equals this literal. */
    public boolean matches(@Nullable Object actual) {
        if (actual instanceof String s) {
            if (!Double.isNaN(number)) {
                double n = Values.number(s);
                if (!Double.isNaN(n)) {
                    return n == number;
                }
            }
            return s.equalsIgnoreCase(text);
        }
        if (actual instanceof Double d) {
            return !Double.isNaN(number) && d == number;
        }
        if (actual instanceof Boolean b) {
            return bool != null ? bool.equals(b) : text.equalsIgnoreCase(b.toString());
        }
        if (actual instanceof List<?> list) {
            for (Object element : list) {
                if (matches(element)) {
                    return true;
                }
            }
        }
        return false;
    }
}
