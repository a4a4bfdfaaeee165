package dev.leadflow.adapter.http;

import dev.leadflow.app.ClosedLoopReports;
import dev.leadflow.report.Funnel;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a report asks for, read once from its query string: {@code period} (week, month),
 * {@code from} and {@code to} (dates, both included, of entering the cohort or starting the
 * measure), {@code tz} (an IANA zone, default UTC), {@code by} (a slicing dimension, null when not
 * sliced), {@code format} (json, csv) and {@code part} (which table of a many-table report a CSV
 * holds, null when not given).
 */
public record ReportQuery(
        Funnel.Period period,
        ZoneId zone,
        @Nullable LocalDate from,
        @Nullable LocalDate to,
        boolean csv,
        @Nullable String by,
        @Nullable String part) {

    /** The model version in force when the cycle entered MQL. */
    static final String BY_MODEL = "model";
    /** The dimensions a report can be sliced by. */
    static final List<String> DIMENSIONS = List.of(
            "source",
            "medium",
            "campaign",
            "landing_page",
            ClosedLoopReports.BY_GRADE,
            ClosedLoopReports.BY_OWNER,
            ClosedLoopReports.BY_TEAM,
            BY_MODEL);

    private static final Set<String> PARAMETERS = Set.of("period", "from", "to", "tz", "format", "by", "part");

    /** The same query, not sliced: for tables whose rows are labelled otherwise (owners, teams). */
    ReportQuery unsliced() {
        return new ReportQuery(period, zone, from, to, csv, null, part);
    }

    /** The range of instants the dates cover, in the report's zone. */
    public Funnel.Range range() {
        return new Funnel.Range(
                from == null
                        ? Long.MIN_VALUE
                        : from.atStartOfDay(zone).toInstant().toEpochMilli(),
                to == null
                        ? Long.MAX_VALUE
                        : to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
    }

    /** Reads a query; every problem found is added to {@code problems}, naming the parameter. */
    public static ReportQuery parse(Map<String, List<String>> params, List<String> problems) {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                problems.add("unknown parameter '" + name + "' (known: " + String.join(", ", new TreeSet<>(PARAMETERS))
                        + ")");
            }
        }
        String period = oneOr(params, "period", "week", problems);
        Funnel.Period p = switch (period) {
            case "week" -> Funnel.Period.WEEK;
            case "month" -> Funnel.Period.MONTH;
            default -> {
                problems.add("period: '" + period + "' is not one of week, month");
                yield Funnel.Period.WEEK;
            }
        };
        ZoneId zone = ZoneOffset.UTC;
        String tz = oneOr(params, "tz", "UTC", problems);
        try {
            zone = ZoneId.of(tz);
        } catch (DateTimeException e) {
            problems.add("tz: '" + tz + "' is not a time zone (e.g. UTC, Europe/Berlin, America/New_York)");
        }
        LocalDate from = date(params, "from", problems);
        LocalDate to = date(params, "to", problems);
        if (from != null && to != null && to.isBefore(from)) {
            problems.add("to: " + to + " is before from: " + from);
        }
        String format = oneOr(params, "format", "json", problems);
        if (!format.equals("json") && !format.equals("csv")) {
            problems.add("format: '" + format + "' is not one of json, csv");
        }
        String by = one(params, "by", problems);
        if (by != null && !DIMENSIONS.contains(by)) {
            problems.add("by: '" + by + "' is not one of " + String.join(", ", DIMENSIONS));
            by = null;
        }
        return new ReportQuery(p, zone, from, to, format.equals("csv"), by, one(params, "part", problems));
    }

    /** The parameter's one value, or null when not given; more than one is a problem. */
    private static @Nullable String one(Map<String, List<String>> params, String name, List<String> problems) {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.size() > 1) {
            problems.add(name + ": given " + values.size() + " times; give it once");
        }
        return values.isEmpty() ? null : values.getFirst();
    }

    /** {@link #one}, or {@code otherwise} when not given. */
    private static String oneOr(
            Map<String, List<String>> params, String name, String otherwise, List<String> problems) {
        String value = one(params, name, problems);
        return value == null ? otherwise : value;
    }

    private static @Nullable LocalDate date(Map<String, List<String>> params, String name, List<String> problems) {
        String text = one(params, name, problems);
        if (text == null) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(name + ": '" + text + "' is not a date (YYYY-MM-DD) between " + FIRST + " and " + LAST);
            return null;
        }
        if (date.isBefore(FIRST) || date.isAfter(LAST)) { // beyond these an instant in milliseconds overflows
            problems.add(name + ": " + date + " is not between " + FIRST + " and " + LAST);
            return null;
        }
        return date;
    }

    /** The first and last dates a report may be asked for. */
    static final LocalDate FIRST = LocalDate.of(1, 1, 1);

    static final LocalDate LAST = LocalDate.of(9999, 12, 31);
}
