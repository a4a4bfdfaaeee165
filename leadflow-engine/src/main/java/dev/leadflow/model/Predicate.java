package dev.leadflow.model;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The right-hand half of a comparison: an operator with its compiled operand. */
public sealed interface Predicate {

    boolean test(@Nullable Object actual);

    Operator operator();

    /** The numbers this predicate compares against (where a decaying score can flip it). */
    default double[] thresholds() {
        return new double[0];
    }

    /** {@code eq} / {@code ne}. */
    record Equals(Operand operand, boolean negated) implements Predicate {
        @Override
        public boolean test(@Nullable Object actual) {
            return operand.matches(actual) != negated;
        }

        @Override
        public Operator operator() {
            return negated ? Operator.NE : Operator.EQ;
        }

        @Override
        public double[] thresholds() {
            return Double.isNaN(operand.number()) ? new double[0] : new double[] {operand.number()};
        }
    }

    /** {@code in} / {@code not_in}. */
    record In(List<Operand> operands, boolean negated) implements Predicate {
        @Override
        public boolean test(@Nullable Object actual) {
            for (Operand o : operands) {
                if (o.matches(actual)) {
                    return !negated;
                }
            }
            return negated;
        }

        @Override
        public Operator operator() {
            return negated ? Operator.NOT_IN : Operator.IN;
        }

        @Override
        public double[] thresholds() {
            return operands.stream()
                    .mapToDouble(Operand::number)
                    .filter(d -> !Double.isNaN(d))
                    .toArray();
        }
    }

    /** {@code gt gte lt lte}: numeric; false when the value is not a number. */
    record Compare(Operator operator, double value) implements Predicate {
        @Override
        public boolean test(@Nullable Object actual) {
            return test(Values.number(actual));
        }

        /** The comparison on a number; false for NaN (not a number, or an unavailable score). */
        public boolean test(double v) {
            return switch (operator) {
                case GT -> v > value;
                case GTE -> v >= value;
                case LT -> v < value;
                case LTE -> v <= value;
                default -> throw new IllegalStateException("not a comparison: " + operator);
            };
        }

        @Override
        public double[] thresholds() {
            return new double[] {value};
        }
    }

    /** {@code contains starts_with ends_with}, ignoring case; {@code contains} on a list tests its elements. */
    record Text(Operator operator, String value) implements Predicate {
        public Text {
            value = value.toLowerCase(Locale.ROOT);
        }

        @Override
        public boolean test(@Nullable Object actual) {
            return switch (actual) {
                case null -> false;
                case List<?> list ->
                    operator == Operator.CONTAINS
                            ? list.stream()
                                    .anyMatch(e -> (e instanceof Double d ? Values.format(d) : String.valueOf(e))
                                            .equalsIgnoreCase(value))
                            : list.stream().anyMatch(this::test);
                default -> {
                    String s = actual instanceof Double d ? Values.format(d) : actual.toString();
                    yield switch (operator) {
                        case CONTAINS -> s.toLowerCase(Locale.ROOT).contains(value);
                        case STARTS_WITH -> s.regionMatches(true, 0, value, 0, value.length());
                        case ENDS_WITH ->
                            s.length() >= value.length()
                                    && s.regionMatches(true, s.length() - value.length(), value, 0, value.length());
                        default -> throw new IllegalStateException("not a text operator: " + operator);
                    };
                }
            };
        }
    }

    /** {@code matches}: a regular expression found anywhere in the value (case-sensitive unless {@code (?i)}). */
    record Matches(Pattern pattern) implements Predicate {
        @Override
        public boolean test(@Nullable Object actual) {
            return switch (actual) {
                case null -> false;
                case List<?> list -> list.stream().anyMatch(this::test);
                case Double d -> pattern.matcher(Values.format(d)).find();
                default -> pattern.matcher(actual.toString()).find();
            };
        }

        @Override
        public Operator operator() {
            return Operator.MATCHES;
        }
    }

    /** {@code exists: true|false}: present means non-null, not a blank string and not an empty list. */
    record Exists(boolean expected) implements Predicate {
        @Override
        public boolean test(@Nullable Object actual) {
            boolean present = switch (actual) {
                case null -> false;
                case String s -> !s.isBlank();
                case List<?> list -> !list.isEmpty();
                default -> true;
            };
            return present == expected;
        }

        @Override
        public Operator operator() {
            return Operator.EXISTS;
        }
    }
}
