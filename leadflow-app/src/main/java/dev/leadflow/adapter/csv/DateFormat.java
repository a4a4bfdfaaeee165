package dev.leadflow.adapter.csv;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a date cell is written. A date without a time is the start of that day, and a date-time
 * without an offset is read in the mapping's time zone (in a daylight-saving gap, moved forward by
 * the gap; in an overlap, the earlier of the two instants). Thread-safe.
 */
public sealed interface DateFormat {

    /** The names of the built-in formats, for messages. */
    List<String> NAMES = List.of("iso", "iso_date", "iso_date_time");

    /** The instant {@code text} (trimmed, not empty) stands for; throws when it is not in this format. */
    Instant parse(String text, ZoneId zone);

    /** How an error names the format, e.g. {@code ISO date (2018-02-01)}. */
    String describe();

    /** An ISO date ({@code 2018-02-01}) or date-time ({@code 2018-02-01T10:00:00}, optionally with an offset). */
    record Iso() implements DateFormat {
        @Override
        public Instant parse(String text, ZoneId zone) {
            return text.length() <= 10 ? new IsoDate().parse(text, zone) : new IsoDateTime().parse(text, zone);
        }

        @Override
        public String describe() {
            return "ISO date or date-time (2018-02-01 or 2018-02-01T10:00:00)";
        }
    }

    /** An ISO date: {@code 2018-02-01}. */
    record IsoDate() implements DateFormat {
        @Override
        public Instant parse(String text, ZoneId zone) {
            return LocalDate.parse(text).atStartOfDay(zone).toInstant();
        }

        @Override
        public String describe() {
            return "ISO date (2018-02-01)";
        }
    }

    /** An ISO date-time, with or without an offset: {@code 2018-02-01T10:00:00}, {@code 2018-02-01T10:00:00Z}. */
    record IsoDateTime() implements DateFormat {
        @Override
        public Instant parse(String text, ZoneId zone) {
            return instant(
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from, LocalDateTime::from), zone);
        }

        @Override
        public String describe() {
            return "ISO date-time (2018-02-01T10:00:00, optionally with an offset such as Z or +02:00)";
        }
    }

    /** A {@link DateTimeFormatter} pattern, e.g. {@code yyyy-MM-dd HH:mm:ss}, read strictly (no 31 February). */
    record Pattern(String pattern, DateTimeFormatter formatter) implements DateFormat {
        @Override
        public Instant parse(String text, ZoneId zone) {
            return instant(formatter.parseBest(text, ZonedDateTime::from, LocalDateTime::from, LocalDate::from), zone);
        }

        @Override
        public String describe() {
            return "pattern '" + pattern + "'";
        }
    }

    /**
     * The format named {@code text}: one of {@link #NAMES}, else a pattern; empty when it is neither
     * a valid pattern nor one that names a year, a month and a day.
     */
    static Optional<DateFormat> of(String text) {
        switch (text) {
            case "iso" -> {
                return Optional.of(new Iso());
            }
            case "iso_date" -> {
                return Optional.of(new IsoDate());
            }
            case "iso_date_time" -> {
                return Optional.of(new IsoDateTime());
            }
            default -> {
                return pattern(text);
            }
        }
    }

    private static Optional<DateFormat> pattern(String text) {
        DateTimeFormatter formatter;
        try {
            // 'yyyy' is the year of the era: the era is implied, so that strict resolving accepts it
            formatter = new DateTimeFormatterBuilder()
                    .appendPattern(text)
                    .parseDefaulting(ChronoField.ERA, 1)
                    .toFormatter(Locale.ROOT)
                    .withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Pattern p = new Pattern(text, formatter);
        ZonedDateTime sample = ZonedDateTime.of(2001, 2, 3, 4, 5, 6, 0, java.time.ZoneOffset.UTC);
        try {
            Instant back = p.parse(formatter.format(sample), java.time.ZoneOffset.UTC);
            return LocalDate.ofInstant(back, java.time.ZoneOffset.UTC).equals(sample.toLocalDate())
                    ? Optional.of(p)
                    : Optional.empty();
        } catch (DateTimeException e) {
            return Optional.empty(); // it cannot write or read a whole date
        }
    }

    private static Instant instant(TemporalAccessor parsed, ZoneId zone) {
        return switch (parsed) {
            case ZonedDateTime z -> z.toInstant();
            case LocalDateTime t -> t.atZone(zone).toInstant();
            case LocalDate d -> d.atStartOfDay(zone).toInstant();
            default -> throw new DateTimeException("not a date: " + parsed);
        };
    }
}
