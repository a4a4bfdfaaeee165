package dev.leadflow.adapter.http;

import dev.leadflow.adapter.csv.Csv;
import dev.leadflow.adapter.http.ReportBodies.Cycles;
import dev.leadflow.adapter.http.ReportBodies.FunnelAnswer;
import dev.leadflow.adapter.http.ReportBodies.FunnelCounts;
import dev.leadflow.adapter.http.ReportBodies.Header;
import dev.leadflow.adapter.http.ReportBodies.HealthAnswer;
import dev.leadflow.adapter.http.ReportBodies.Labelled;
import dev.leadflow.adapter.http.ReportBodies.Measures;
import dev.leadflow.adapter.http.ReportBodies.Return;
import dev.leadflow.adapter.http.ReportBodies.Sla;
import dev.leadflow.adapter.http.ReportBodies.SlaTables;
import dev.leadflow.adapter.http.ReportBodies.VelocityAnswer;
import dev.leadflow.app.ClosedLoopReports;
import dev.leadflow.report.Funnel;
import dev.leadflow.report.Health;
import dev.leadflow.report.Velocity;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
            f.rows().forEach(r -> csv.row(sliced(q, String.valueOf(r.cohort()), r.slice()), funnelCells(r)));
            f.slices().forEach(r -> csv.row(List.of("total", r.slice()), funnelCells(r)));
            csv.row(sliced(q, "total", ""), funnelCells(f.total()));
            Answers.text(ctx, 200, Csv.TYPE, csv.toString());
            return;
        }
        Answers.json(
                ctx,
                200,
                new FunnelAnswer(
                        Header.of(q),
                        q.period().name().toLowerCase(Locale.ROOT),
                        f.rows().stream()
                                .map(r -> Labelled.of(
                                        "cohort", String.valueOf(r.cohort()), q, r.slice(), FunnelCounts.of(r)))
                                .toList(),
                        q.by() == null
                                ? null
                                : f.slices().stream()
                                        .map(r -> Labelled.of(null, null, q, r.slice(), FunnelCounts.of(r)))
                                        .toList(),
                        FunnelCounts.of(f.total())));
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
                        .forEach(slice -> Measures.forEach(
                                bySlice, slice, (measure, st) -> csv.row(List.of(slice, measure), statsCells(st))));
            }
            Measures.forEach(
                    all,
                    everything,
                    (measure, st) ->
                            csv.row(q.by() == null ? List.of(measure) : List.of("total", measure), statsCells(st)));
            Answers.text(ctx, 200, Csv.TYPE, csv.toString());
            return;
        }
        Answers.json(
                ctx,
                200,
                new VelocityAnswer(
                        Header.of(q),
                        Measures.of(all, everything),
                        bySlice == null
                                ? null
                                : slicesOf(bySlice).stream()
                                        .map(slice -> Labelled.of(null, null, q, slice, Measures.of(bySlice, slice)))
                                        .toList()));
    }

    private static Set<String> slicesOf(ClosedLoopReports.VelocityReport v) {
        Set<String> slices = new TreeSet<>(v.timeInStage().keySet());
        slices.addAll(v.mqlToFirstTouch().keySet());
        slices.addAll(v.mqlToCustomer().keySet());
        return slices;
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
        ReportQuery unsliced = q.unsliced();
        Answers.json(
                ctx,
                200,
                new HealthAnswer(
                        Header.of(q),
                        new SlaTables(
                                h.owners().stream()
                                        .map(r -> Labelled.of("owner", r.key(), unsliced, "", Sla.of(r)))
                                        .toList(),
                                h.teams().stream()
                                        .map(r -> Labelled.of("team", r.key(), unsliced, "", Sla.of(r)))
                                        .toList(),
                                Sla.of(h.slaTotal())),
                        h.cycles().stream()
                                .map(r -> Labelled.of(null, null, q, r.slice(), Cycles.of(r)))
                                .toList(),
                        Cycles.of(h.cyclesTotal()),
                        h.returns().stream()
                                .map(r -> Labelled.of(
                                        null,
                                        null,
                                        q,
                                        r.slice(),
                                        new Return(r.from().wireName(), r.to().wireName(), r.reason(), r.count())))
                                .toList()));
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
        Answers.error(ctx, 400, "invalid report query", problems);
        return Optional.empty();
    }

    private static List<String> sliced(ReportQuery q, String first, String slice) {
        return q.by() == null ? List.of(first) : List.of(first, slice);
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

    private static List<Object> statsCells(Velocity.Stats s) {
        return Arrays.asList(
                s.count(),
                ReportBodies.hours(s.median()),
                ReportBodies.hours(s.p90()),
                ReportBodies.days(s.median()),
                ReportBodies.days(s.p90()),
                s.underWay());
    }
}
