package dev.leadflow.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Model durations: a whole number and a unit, {@code 30s 30m 12h 7d 2w 3y} (a year is 365 days). */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})\\s*(s|m|h|d|w|y)");

    /** The longest duration a model may use: 100 years. */
    public static final long MAX_MILLIS = 100L * 365 * 86_400_000L;

    private Durations() {}

    /** The duration in milliseconds, or empty when {@code text} is not a duration. */
    public static Optional<Long> parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "s" -> 1000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            case "y" -> 365 * 86_400_000L;
            default -> 7 * 86_400_000L;
        };
        return n > MAX_MILLIS / unit ? Optional.empty() : Optional.of(n * unit);
    }

    /** A duration in the largest unit that divides it, e.g. 1209600000 → {@code 2w}. */
    public static String format(long millis) {
        long[] units = {7 * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"w", "d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis % units[i] == 0) {
                return millis / units[i] + names[i];
            }
        }
        return millis + "ms";
    }
}
