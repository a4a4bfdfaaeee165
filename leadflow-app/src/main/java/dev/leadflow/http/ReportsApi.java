package dev.leadflow.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.live.LiveLeads;
import dev.leadflow.report.Funnel;
import dev.leadflow.report.Velocity;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Closed-loop reports over the stored transitions: {@code GET /api/reports/funnel} as JSON or CSV
 * ({@code format=csv}). Parameters: {@code period} (week, month), {@code from} and {@code to}
 * (dates, both included, of entering the cohort), {@code tz} (an IANA zone, default UTC).
 */
final class ReportsApi {

    private static final Set<String> PARAMETERS = Set.of("period", "from", "to", "tz", "format", "by");
    /** The dimensions a funnel can be sliced by. */
    static final List<String> DIMENSIONS = List.of("source", "medium", "campaign", "landing_page", LiveLeads.BY_GRADE);
    private static final String CSV_HEADER = "leads,leads_to_mql,mql,sal,sql,opportunity,customer,"
            + "lead_to_mql_rate,mql_to_sal_rate,sal_to_sql_rate,mql_to_sql_rate,sql_to_opportunity_rate,"
            + "opportunity_to_customer_rate\n";

    private final LiveLeads live;
    private final java.time.InstantSource clock;

    ReportsApi(LiveLeads live, java.time.InstantSource clock) {
        this.live = live;
        this.clock = clock;
    }

    /** What a report asks for, once its parameters are read; {@code by} null when not sliced. */
    private record Query(Funnel.Period period, ZoneId zone, LocalDate from, LocalDate to, boolean csv, String by) {
        Funnel.Range range() {
            return new Funnel.Range(from == null ? Long.MIN_VALUE : from.atStartOfDay(zone).toInstant().toEpochMilli(),
                    to == null ? Long.MAX_VALUE : to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
        }
    }

    void funnel(Context ctx) {
        List<String> problems = new ArrayList<>();
        Query q = query(ctx.queryParamMap(), problems);
        if (!problems.isEmpty()) {
            ArrayNode details = Answers.JSON.createArrayNode();
            problems.forEach(details::add);
            Answers.error(ctx, 400, "invalid report query", details);
            return;
        }
        List<Funnel.Row> rows = Funnel.compute(live.histories(q.by(), clock.millis()), q.period(), q.zone(), q.range());
        Funnel.Row total = Funnel.total(rows);
        List<Funnel.Row> slices = q.by() == null ? List.of() : Funnel.totals(rows);
        if (q.csv()) {
            StringBuilder csv = new StringBuilder(q.by() == null ? "cohort," : "cohort," + q.by() + ",").append(CSV_HEADER);
            rows.forEach(r -> csvRow(csv, r.cohort() + (q.by() == null ? "" : "," + csvText(r.slice())), r));
            slices.forEach(r -> csvRow(csv, "total," + csvText(r.slice()), r));
            csvRow(csv, q.by() == null ? "total" : "total,", total);
            Answers.text(ctx, 200, "text/csv; charset=utf-8", csv.toString());
            return;
        }
        ObjectNode body = Answers.JSON.createObjectNode();
        body.put("period", q.period().name().toLowerCase(Locale.ROOT));
        body.put("tz", q.zone().getId());
        body.put("from", q.from() == null ? null : q.from().toString());
        body.put("to", q.to() == null ? null : q.to().toString());
        body.put("by", q.by());
        ArrayNode out = body.putArray("cohorts");
        rows.forEach(r -> {
            ObjectNode n = out.addObject().put("cohort", r.cohort().toString());
            if (q.by() != null) {
                n.put(q.by(), r.slice());
            }
            row(n, r);
        });
        if (q.by() != null) {
            ArrayNode bySlice = body.putArray("slices");
            slices.forEach(r -> row(bySlice.addObject().put(q.by(), r.slice()), r));
        }
        row(body.putObject("total"), total);
        Answers.json(ctx, 200, body);
    }

    /** {@code GET /api/reports/velocity}: time in each stage and MQL to first touch, median and p90. */
    void velocity(Context ctx) {
        List<String> problems = new ArrayList<>();
        Query q = query(ctx.queryParamMap(), problems);
        if (q.by() != null) {
            problems.add("by: the velocity report is not sliced yet");
        }
        if (!problems.isEmpty()) {
            ArrayNode details = Answers.JSON.createArrayNode();
            problems.forEach(details::add);
            Answers.error(ctx, 400, "invalid report query", details);
            return;
        }
        List<Velocity.LeadMoves> moves = live.moves(clock.millis());
        java.util.Map<dev.leadflow.lifecycle.Stage, Velocity.Stats> stages = Velocity.timeInStage(moves, q.range());
        Velocity.Stats touch = Velocity.mqlToFirstTouch(moves, q.range());
        if (q.csv()) {
            StringBuilder csv = new StringBuilder("measure,count,median_hours,p90_hours,under_way\n");
            stages.forEach((stage, s) -> csvStats(csv, "time_in_" + stage.wireName(), s));
            csvStats(csv, "mql_to_first_touch", touch);
            Answers.text(ctx, 200, "text/csv; charset=utf-8", csv.toString());
            return;
        }
        ObjectNode body = Answers.JSON.createObjectNode();
        body.put("tz", q.zone().getId());
        body.put("from", q.from() == null ? null : q.from().toString());
        body.put("to", q.to() == null ? null : q.to().toString());
        ObjectNode inStage = body.putObject("time_in_stage");
        stages.forEach((stage, s) -> stats(inStage.putObject(stage.wireName()), s));
        stats(body.putObject("mql_to_first_touch"), touch);
        Answers.json(ctx, 200, body);
    }

    private static void stats(ObjectNode n, Velocity.Stats s) {
        n.put("count", s.count());
        n.put("median", s.median() == null ? null : s.median().toString());
        n.put("p90", s.p90() == null ? null : s.p90().toString());
        n.put("median_hours", s.median() == null ? null : hours(s.median()));
        n.put("p90_hours", s.p90() == null ? null : hours(s.p90()));
        n.put("under_way", s.underWay());
    }

    private static void csvStats(StringBuilder csv, String measure, Velocity.Stats s) {
        csv.append(measure).append(',').append(s.count()).append(',')
                .append(s.median() == null ? "" : String.valueOf(hours(s.median()))).append(',')
                .append(s.p90() == null ? "" : String.valueOf(hours(s.p90()))).append(',').append(s.underWay()).append('\n');
    }

    private static Double hours(java.time.Duration d) {
        return Math.round(d.toMillis() / 36_000.0) / 100.0;
    }

    /** A CSV field: quoted when it holds a comma, a quote or a line break. */
    private static String csvText(String s) {
        return s.matches("(?s).*[,\"\n\r].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static void row(ObjectNode n, Funnel.Row r) {
        n.put("leads", r.leads()).put("leads_to_mql", r.leadsToMql()).put("mql", r.mql()).put("sal", r.sal())
                .put("sql", r.sql()).put("opportunity", r.opportunity()).put("customer", r.customer());
        ObjectNode rates = n.putObject("rates");
        rate(rates, "lead_to_mql", r.leadToMql());
        rate(rates, "mql_to_sal", r.mqlToSal());
        rate(rates, "sal_to_sql", r.salToSql());
        rate(rates, "mql_to_sql", r.mqlToSql());
        rate(rates, "sql_to_opportunity", r.sqlToOpportunity());
        rate(rates, "opportunity_to_customer", r.opportunityToCustomer());
    }

    private static void rate(ObjectNode n, String name, double rate) {
        if (Double.isNaN(rate)) {
            n.putNull(name);
        } else {
            n.put(name, Math.round(rate * 10_000) / 10_000.0);
        }
    }

    private static void csvRow(StringBuilder csv, String cohort, Funnel.Row r) {
        csv.append(cohort).append(',').append(r.leads()).append(',').append(r.leadsToMql()).append(',').append(r.mql())
                .append(',').append(r.sal()).append(',').append(r.sql()).append(',').append(r.opportunity()).append(',')
                .append(r.customer());
        for (double rate : new double[] {r.leadToMql(), r.mqlToSal(), r.salToSql(), r.mqlToSql(), r.sqlToOpportunity(),
                r.opportunityToCustomer()}) {
            csv.append(',').append(Double.isNaN(rate) ? "" : String.valueOf(Math.round(rate * 10_000) / 10_000.0));
        }
        csv.append('\n');
    }

    private static Query query(Map<String, List<String>> params, List<String> problems) {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                problems.add("unknown parameter '" + name + "' (known: " + String.join(", ", new TreeSet<>(PARAMETERS)) + ")");
            }
        }
        String period = one(params, "period", "week", problems);
        Funnel.Period p = switch (period) {
            case "week" -> Funnel.Period.WEEK;
            case "month" -> Funnel.Period.MONTH;
            default -> {
                problems.add("period: '" + period + "' is not one of week, month");
                yield Funnel.Period.WEEK;
            }
        };
        ZoneId zone = ZoneOffset.UTC;
        String tz = one(params, "tz", "UTC", problems);
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
        String format = one(params, "format", "json", problems);
        if (!format.equals("json") && !format.equals("csv")) {
            problems.add("format: '" + format + "' is not one of json, csv");
        }
        String by = one(params, "by", null, problems);
        if (by != null && !DIMENSIONS.contains(by)) {
            problems.add("by: '" + by + "' is not one of " + String.join(", ", DIMENSIONS));
            by = null;
        }
        return new Query(p, zone, from, to, format.equals("csv"), by);
    }

    private static String one(Map<String, List<String>> params, String name, String otherwise, List<String> problems) {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.size() > 1) {
            problems.add(name + ": given " + values.size() + " times; give it once");
        }
        return values.isEmpty() ? otherwise : values.getFirst();
    }

    private static LocalDate date(Map<String, List<String>> params, String name, List<String> problems) {
        String text = one(params, name, null, problems);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(name + ": '" + text + "' is not a date (YYYY-MM-DD)");
            return null;
        }
    }
}
