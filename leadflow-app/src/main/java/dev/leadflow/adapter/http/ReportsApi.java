package dev.leadflow.adapter.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.adapter.csv.Csv;
import dev.leadflow.app.ClosedLoopReports;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.report.Funnel;
import dev.leadflow.report.Health;
import dev.leadflow.report.Velocity;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Closed-loop reports over the stored transitions, as JSON or CSV ({@code format=csv}), each
 * filtered by a date range and sliced by a dimension ({@link ReportQuery}):
 * {@code GET /api/reports/funnel}, {@code /velocity} and {@code /handoff}.
 */
public final class ReportsApi {

    private static final List<String> FUNNEL_CSV = List.of(
            "leads",
            "leads_to_mql",
            "mql",
            "sal",
            "sql",
            "opportunity",
            "customer",
            "lead_to_mql_rate",
            "mql_to_sal_rate",
            "sal_to_sql_rate",
            "mql_to_sql_rate",
            "sql_to_opportunity_rate",
            "opportunity_to_customer_rate");
    private static final List<String> VELOCITY_CSV =
            List.of("measure", "count", "median_hours", "p90_hours", "median_days", "p90_days", "under_way");
    private static final List<String> SLA_CSV = List.of(
            "assigned",
            "accept_given",
            "accept_met",
            "accept_breached",
            "accept_running",
            "accept_compliance",
            "first_touch_given",
            "first_touch_met",
            "first_touch_breached",
            "first_touch_running",
            "first_touch_compliance");
    private static final List<String> CYCLES_CSV = List.of(
            "mql",
            "sql",
            "never_sql",
            "open",
            "recycled",
            "disqualified",
            "requalified",
            "never_sql_share",
            "recycle_rate",
            "requalify_rate");
    private static final List<String> RETURNS_CSV = List.of("from", "to", "reason", "count");
    /** The tables of the hand-off health report; a CSV holds one ({@code part}). */
    static final List<String> HEALTH_PARTS = List.of("owners", "teams", "cycles", "returns");

    private final ClosedLoopReports reports;
    private final InstantSource clock;

    public ReportsApi(ClosedLoopReports reports, InstantSource clock) {
        this.reports = reports;
        this.clock = clock;
    }

    void routes(Routes routes) {
        routes.add("GET", "/api/reports/funnel", Access.READ, (ctx, key) -> funnel(ctx));
        routes.add("GET", "/api/reports/velocity", Access.READ, (ctx, key) -> velocity(ctx));
        routes.add("GET", "/api/reports/handoff", Access.READ, (ctx, key) -> handoff(ctx));
    }

    public void funnel(Context ctx) {
        Optional<ReportQuery> read = query(ctx, List.of());
        if (read.isEmpty()) {
            return;
        }
        ReportQuery q = read.get();
        ClosedLoopReports.FunnelReport f = reports.funnel(q.by(), q.period(), q.zone(), q.range(), clock.millis());
        if (q.csv()) {
            Csv csv = new Csv().row(q.by() == null ? List.of("cohort") : List.of("cohort", q.by()), FUNNEL_CSV);
            f.rows().forEach(r -> csv.row(sliced(q, r.cohort().toString(), r.slice()), funnelCells(r)));
            f.slices().forEach(r -> csv.row(List.of("total", r.slice()), funnelCells(r)));
            csv.row(sliced(q, "total", ""), funnelCells(f.total()));
            Answers.text(ctx, 200, Csv.TYPE, csv.toString());
            return;
        }
        ObjectNode body = header(q);
        body.put("period", q.period().name().toLowerCase(Locale.ROOT));
        ArrayNode out = body.putArray("cohorts");
        f.rows()
                .forEach(r ->
                        funnelRow(slice(out.addObject().put("cohort", r.cohort().toString()), q, r.slice()), r));
        if (q.by() != null) {
            ArrayNode bySlice = body.putArray("slices");
            f.slices().forEach(r -> funnelRow(bySlice.addObject().put(q.by(), r.slice()), r));
        }
        funnelRow(body.putObject("total"), f.total());
        Answers.json(ctx, 200, body);
    }

    /**
     * {@code GET /api/reports/velocity}: time in each stage, MQL to first touch and MQL to won
     * (customer), median and p90; in all, and per slice when sliced.
     */
    public void velocity(Context ctx) {
        Optional<ReportQuery> read = query(ctx, List.of());
        if (read.isEmpty()) {
            return;
        }
        ReportQuery q = read.get();
        ClosedLoopReports.VelocityReports both = reports.velocityWithTotal(q.by(), q.range(), clock.millis());
        ClosedLoopReports.VelocityReport all = both.total();
        ClosedLoopReports.VelocityReport bySlice = both.slices();
        String everything = Funnel.CycleSlice.NONE.of("", 0);
        if (q.csv()) {
            Csv csv = new Csv().row(q.by() == null ? List.of() : List.of(q.by()), VELOCITY_CSV);
            if (bySlice != null) {
                slicesOf(bySlice)
                        .forEach(slice -> forEachMeasure(
                                bySlice, slice, (measure, st) -> csv.row(List.of(slice, measure), statsCells(st))));
            }
            forEachMeasure(
                    all,
                    everything,
                    (measure, st) ->
                            csv.row(q.by() == null ? List.of(measure) : List.of("total", measure), statsCells(st)));
            Answers.text(ctx, 200, Csv.TYPE, csv.toString());
            return;
        }
        ObjectNode body = header(q);
        measures(body, all, everything);
        if (bySlice != null) {
            ArrayNode slices = body.putArray("slices");
            slicesOf(bySlice).forEach(slice -> measures(slices.addObject().put(q.by(), slice), bySlice, slice));
        }
        Answers.json(ctx, 200, body);
    }

    private static void measures(ObjectNode n, ClosedLoopReports.VelocityReport v, String slice) {
        ObjectNode inStage = n.putObject("time_in_stage");
        forEachMeasure(
                v,
                slice,
                (measure, st) -> stats(
                        measure.startsWith(TIME_IN)
                                ? inStage.putObject(measure.substring(TIME_IN.length()))
                                : n.putObject(measure),
                        st));
    }

    private static final String TIME_IN = "time_in_";

    private static Set<String> slicesOf(ClosedLoopReports.VelocityReport v) {
        Set<String> slices = new TreeSet<>(v.timeInStage().keySet());
        slices.addAll(v.mqlToFirstTouch().keySet());
        slices.addAll(v.mqlToCustomer().keySet());
        return slices;
    }

    /** Each measure of one slice: time in each stage it has stays for, then MQL to first touch and to won. */
    private static void forEachMeasure(
            ClosedLoopReports.VelocityReport v, String slice, BiConsumer<String, Velocity.Stats> visitor) {
        Velocity.Stats none = new Velocity.Stats(0, null, null, 0);
        for (Map.Entry<Stage, Velocity.Stats> e :
                v.timeInStage().getOrDefault(slice, Map.of()).entrySet()) {
            visitor.accept(TIME_IN + e.getKey().wireName(), e.getValue());
        }
        visitor.accept("mql_to_first_touch", v.mqlToFirstTouch().getOrDefault(slice, none));
        visitor.accept("mql_to_customer", v.mqlToCustomer().getOrDefault(slice, none));
    }

    /**
     * {@code GET /api/reports/handoff}: SLA compliance per owner and team, MQL cycles by outcome
     * (never reached SQL, recycled, re-qualified) and why sales sent MQLs back.
     */
    public void handoff(Context ctx) {
        Optional<ReportQuery> read = query(ctx, HEALTH_PARTS);
        if (read.isEmpty()) {
            return;
        }
        ReportQuery q = read.get();
        ClosedLoopReports.HealthReport h = reports.health(q.by(), q.range(), clock.millis());
        if (q.csv()) {
            Answers.text(ctx, 200, Csv.TYPE, healthCsv(q, h));
            return;
        }
        ObjectNode body = header(q);
        ObjectNode sla = body.putObject("sla");
        ArrayNode owners = sla.putArray("owners");
        h.owners().forEach(r -> slaRow(owners.addObject().put("owner", r.key()), r));
        ArrayNode teams = sla.putArray("teams");
        h.teams().forEach(r -> slaRow(teams.addObject().put("team", r.key()), r));
        slaRow(sla.putObject("total"), h.slaTotal());
        ArrayNode cycles = body.putArray("cycles");
        h.cycles().forEach(r -> cycleRow(slice(cycles.addObject(), q, r.slice()), r));
        cycleRow(body.putObject("cycles_total"), h.cyclesTotal());
        ArrayNode returns = body.putArray("returns");
        h.returns()
                .forEach(r -> slice(returns.addObject(), q, r.slice())
                        .put("from", r.from().wireName())
                        .put("to", r.to().wireName())
                        .put("reason", r.reason())
                        .put("count", r.count()));
        Answers.json(ctx, 200, body);
    }

    private static String healthCsv(ReportQuery q, ClosedLoopReports.HealthReport h) {
        String part = q.part() == null ? "cycles" : q.part();
        Csv csv = new Csv();
        switch (part) {
            case "owners", "teams" -> {
                csv.row(List.of(part.equals("owners") ? "owner" : "team"), SLA_CSV);
                (part.equals("owners") ? h.owners() : h.teams()).forEach(r -> csv.row(List.of(r.key()), slaCells(r)));
                csv.row(List.of("total"), slaCells(h.slaTotal()));
            }
            case "cycles" -> {
                csv.row(q.by() == null ? List.of() : List.of(q.by()), CYCLES_CSV);
                h.cycles().forEach(r -> csv.row(q.by() == null ? List.of() : List.of(r.slice()), cycleCells(r)));
                if (q.by() != null) {
                    csv.row(List.of("total"), cycleCells(h.cyclesTotal()));
                }
            }
            default -> {
                csv.row(q.by() == null ? List.of() : List.of(q.by()), RETURNS_CSV);
                h.returns()
                        .forEach(r -> csv.row(
                                q.by() == null ? List.of() : List.of(r.slice()),
                                List.of(r.from().wireName(), r.to().wireName(), r.reason(), r.count())));
            }
        }
        return csv.toString();
    }

    /** Reads the query, or answers 400 naming each bad parameter; {@code parts}: the CSV tables, if several. */
    private static Optional<ReportQuery> query(Context ctx, List<String> parts) {
        List<String> problems = new ArrayList<>();
        ReportQuery q = ReportQuery.parse(ctx.queryParamMap(), problems);
        if (q.part() != null && parts.isEmpty()) {
            problems.add("part: this report has one table; 'part' is for /api/reports/handoff");
        } else if (q.part() != null && !q.csv()) {
            problems.add("part: only with format=csv (the JSON holds every table)");
        } else if (q.part() != null && !parts.contains(q.part())) {
            problems.add("part: '" + q.part() + "' is not one of " + String.join(", ", parts));
        }
        if (problems.isEmpty()) {
            return Optional.of(q);
        }
        ArrayNode details = Answers.JSON.createArrayNode();
        problems.forEach(details::add);
        Answers.error(ctx, 400, "invalid report query", details);
        return Optional.empty();
    }

    private static ObjectNode header(ReportQuery q) {
        ObjectNode body = Answers.JSON.createObjectNode();
        body.put("tz", q.zone().getId());
        body.put("from", q.from() == null ? null : q.from().toString());
        body.put("to", q.to() == null ? null : q.to().toString());
        body.put("by", q.by());
        return body;
    }

    private static ObjectNode slice(ObjectNode n, ReportQuery q, String slice) {
        return q.by() == null ? n : n.put(q.by(), slice);
    }

    private static List<String> sliced(ReportQuery q, String first, String slice) {
        return q.by() == null ? List.of(first) : List.of(first, slice);
    }

    private static void funnelRow(ObjectNode n, Funnel.Row r) {
        n.put("leads", r.leads())
                .put("leads_to_mql", r.leadsToMql())
                .put("mql", r.mql())
                .put("sal", r.sal())
                .put("sql", r.sql())
                .put("opportunity", r.opportunity())
                .put("customer", r.customer());
        ObjectNode rates = n.putObject("rates");
        rate(rates, "lead_to_mql", r.leadToMql());
        rate(rates, "mql_to_sal", r.mqlToSal());
        rate(rates, "sal_to_sql", r.salToSql());
        rate(rates, "mql_to_sql", r.mqlToSql());
        rate(rates, "sql_to_opportunity", r.sqlToOpportunity());
        rate(rates, "opportunity_to_customer", r.opportunityToCustomer());
    }

    private static List<Object> funnelCells(Funnel.Row r) {
        return Arrays.asList(
                r.leads(),
                r.leadsToMql(),
                r.mql(),
                r.sal(),
                r.sql(),
                r.opportunity(),
                r.customer(),
                Csv.rate(r.leadToMql()),
                Csv.rate(r.mqlToSal()),
                Csv.rate(r.salToSql()),
                Csv.rate(r.mqlToSql()),
                Csv.rate(r.sqlToOpportunity()),
                Csv.rate(r.opportunityToCustomer()));
    }

    private static void slaRow(ObjectNode n, Health.SlaRow r) {
        n.put("assigned", r.assigned());
        compliance(n.putObject("accept"), r.accept());
        compliance(n.putObject("first_touch"), r.firstTouch());
    }

    private static void compliance(ObjectNode n, Health.Compliance c) {
        n.put("given", c.given())
                .put("met", c.met())
                .put("breached", c.breached())
                .put("running", c.running());
        rate(n, "compliance", c.rate());
    }

    private static List<Object> slaCells(Health.SlaRow r) {
        Health.Compliance a = r.accept();
        Health.Compliance t = r.firstTouch();
        return Arrays.asList(
                r.assigned(),
                a.given(),
                a.met(),
                a.breached(),
                a.running(),
                Csv.rate(a.rate()),
                t.given(),
                t.met(),
                t.breached(),
                t.running(),
                Csv.rate(t.rate()));
    }

    private static void cycleRow(ObjectNode n, Health.CycleRow r) {
        n.put("mql", r.mql())
                .put("sql", r.sql())
                .put("never_sql", r.neverSql())
                .put("open", r.open())
                .put("recycled", r.recycled())
                .put("disqualified", r.disqualified())
                .put("requalified", r.requalified());
        ObjectNode rates = n.putObject("rates");
        rate(rates, "never_sql_share", r.neverSqlShare());
        rate(rates, "recycle", r.recycleRate());
        rate(rates, "requalify", r.requalifyRate());
    }

    private static List<Object> cycleCells(Health.CycleRow r) {
        return Arrays.asList(
                r.mql(),
                r.sql(),
                r.neverSql(),
                r.open(),
                r.recycled(),
                r.disqualified(),
                r.requalified(),
                Csv.rate(r.neverSqlShare()),
                Csv.rate(r.recycleRate()),
                Csv.rate(r.requalifyRate()));
    }

    private static void rate(ObjectNode n, String name, double rate) {
        if (Double.isNaN(rate)) {
            n.putNull(name);
        } else {
            n.put(name, Csv.round(rate));
        }
    }

    private static void stats(ObjectNode n, Velocity.Stats s) {
        n.put("count", s.count());
        n.put("median", s.median() == null ? null : s.median().toString());
        n.put("p90", s.p90() == null ? null : s.p90().toString());
        n.put("median_hours", hours(s.median()));
        n.put("p90_hours", hours(s.p90()));
        n.put("median_days", days(s.median()));
        n.put("p90_days", days(s.p90()));
        n.put("under_way", s.underWay());
    }

    private static List<Object> statsCells(Velocity.Stats s) {
        return Arrays.asList(
                s.count(), hours(s.median()), hours(s.p90()), days(s.median()), days(s.p90()), s.underWay());
    }

    private static Double hours(Duration d) {
        return d == null ? null : Math.round(d.toMillis() / 36_000.0) / 100.0;
    }

    private static Double days(Duration d) {
        return d == null ? null : Math.round(d.toMillis() / 864_000.0) / 100.0;
    }
}
