package dev.leadflow.adapter.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the dashboard writes instants and durations: UTC, to the minute; "in 2h 5m", "3d 4h ago". */
final class Times {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {}

    static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** {@code due} relative to {@code now}: "in 1h 20m", or "3h 5m overdue". */
    static String until(long due, long now) {
        Duration d = Duration.ofMillis(Math.abs(due - now));
        String span = d.toDays() > 0
                ? d.toDays() + "d " + d.toHoursPart() + "h"
                : d.toHours() > 0 ? d.toHours() + "h " + d.toMinutesPart() + "m" : Math.max(1, d.toMinutes()) + "m";
        return due >= now ? "in " + span : span + " overdue";
    }
}
