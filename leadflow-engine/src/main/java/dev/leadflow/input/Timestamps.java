package dev.leadflow.input;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * ISO-8601 times as records carry them. The usual shapes ({@code 2026-01-05T10:00:00Z},
 * {@code 2026-01-05T10:00:00.123+02:00}) are read and written by hand, a tenth of the cost of
 * {@link DateTimeFormatter}, which every other shape falls back to; so the results, errors included,
 * are exactly those of {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}.
 */
public final class Timestamps {

    /** How timestamps are written: UTC, always with milliseconds. */
    public static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /**
     * Reads an ISO-8601 date-time with an offset, as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}.
     *
     * @throws DateTimeParseException when it is not one
     */
    public static Instant parse(String text) {
        Instant fast = parseUsual(text);
        return fast != null
                ? fast
                : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
    }

    /** {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} with every field in range; else null. */
    static @Nullable Instant parseUsual(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || day > Month.of(month).length(IsoChronology.INSTANCE.isLeapYear(year))) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 10 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i++) - '0');
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return null;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int hours = digits(s, i + 1, 2);
            int minutes = digits(s, i + 4, 2);
            if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59 || (hours == 18 && minutes > 0)) {
                return null;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Writes {@code t} in UTC with milliseconds ({@link #FORMAT}), e.g. {@code 2026-01-05T10:00:00.000Z}.
     *
     * @throws DateTimeException when the year cannot be written in four digits
     */
    public static String format(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        if (d.getYear() < 0 || d.getYear() > 9999) {
            return FORMAT.format(t);
        }
        char[] out = new char[24];
        put(out, 0, d.getYear(), 4);
        out[4] = '-';
        put(out, 5, d.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, d.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, d.getHour(), 2);
        out[13] = ':';
        put(out, 14, d.getMinute(), 2);
        out[16] = ':';
        put(out, 17, d.getSecond(), 2);
        out[19] = '.';
        put(out, 20, d.getNano() / 1_000_000, 3);
        out[23] = 'Z';
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
