package dev.leadflow.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.adapter.http.ReportQuery;
import dev.leadflow.app.ClosedLoopReports;
import dev.leadflow.report.Funnel;
import dev.leadflow.report.Health;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The overview: the funnel with its conversion rates, the MQL→SQL rate by cohort, MQLs by source
 * and SLA compliance by owner, each as a chart (drawn by Chart.js from the data in the canvas's
 * {@code data-chart} attribute) and as a table, for the period, range and zone asked.
 */
final class OverviewPage {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One step of the funnel: its count and the rate from the step before. */
    public record Step(String stage, int count, String rate) {}

    /** A cohort's MQLs, SQLs and MQL→SQL rate. */
    public record Cohort(String cohort, int mql, int sql, String rate) {}

    /** A slice's count. */
    public record Count(String key, int count) {}

    /** An owner's SLA compliance. */
    public record Sla(String owner, int assigned, String accept, String firstTouch, int breached, int running) {}

    private final Dashboard dashboard;
    private final Dashboard.Services services;

    OverviewPage(Dashboard dashboard, Dashboard.Services services) {
        this.dashboard = dashboard;
        this.services = services;
    }

    void show(Dashboard.Request r) throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> params = new HashMap<>(r.ctx().queryParamMap());
        params.values().removeIf(v -> v.size() == 1 && v.getFirst().isBlank()); // an empty form field: not given
        ReportQuery q = ReportQuery.parse(params, problems);
        if (!problems.isEmpty()) {
            q = ReportQuery.parse(Map.of(), new ArrayList<>());
        }
        long now = services.clock().millis();
        ClosedLoopReports.FunnelReport funnel = services.reports().funnel(null, q.period(), q.zone(), q.range(), now);
        ClosedLoopReports.FunnelReport bySource =
                services.reports().funnel("source", q.period(), q.zone(), q.range(), now);
        ClosedLoopReports.HealthReport health = services.reports().health(null, q.range(), now);

        Map<String, Object> model = charts(funnel, bySource, health);
        model.put("page", "overview");
        model.put("problems", problems);
        model.put("period", q.period().name().toLowerCase(java.util.Locale.ROOT));
        model.put("from", q.from() == null ? "" : q.from().toString());
        model.put("to", q.to() == null ? "" : q.to().toString());
        model.put("tz", q.zone().getId());
        dashboard.render(r, 200, "overview", model);
    }

    /** The four charts and their tables. */
    private static Map<String, Object> charts(
            ClosedLoopReports.FunnelReport funnel,
            ClosedLoopReports.FunnelReport bySource,
            ClosedLoopReports.HealthReport health)
            throws Exception {
        Funnel.Row t = funnel.total();
        List<Step> steps = List.of(
                new Step("Lead", t.leads(), ""),
                new Step("MQL", t.mql(), rate(t.leadToMql())),
                new Step("SAL", t.sal(), rate(t.mqlToSal())),
                new Step("SQL", t.sql(), rate(t.salToSql())),
                new Step("Opportunity", t.opportunity(), rate(t.sqlToOpportunity())),
                new Step("Customer", t.customer(), rate(t.opportunityToCustomer())));
        List<Cohort> cohorts = funnel.rows().stream()
                .map(c -> new Cohort(String.valueOf(c.cohort()), c.mql(), c.sql(), rate(c.mqlToSql())))
                .toList();
        List<Count> sources = bySource.slices().stream()
                .sorted(Comparator.comparingInt(Funnel.Row::mql).reversed())
                .map(s -> new Count(s.slice(), s.mql()))
                .filter(c -> c.count() > 0)
                .toList();
        List<Sla> sla =
                new ArrayList<>(health.owners().stream().map(OverviewPage::sla).toList());
        sla.add(sla(health.slaTotal()));
        Map<String, Object> model = new HashMap<>();
        model.put("steps", steps);
        model.put("headline", rate(t.mqlToSql()));
        model.put("cohorts", cohorts);
        model.put("sources", sources);
        model.put("sla", sla);
        model.put(
                "funnelChart",
                chart(
                        "bar",
                        steps.stream().map(Step::stage).toList(),
                        "Leads",
                        steps.stream().map(s -> (double) s.count()).toList()));
        model.put(
                "trendChart",
                chart(
                        "line",
                        cohorts.stream().map(Cohort::cohort).toList(),
                        "MQL→SQL %",
                        funnel.rows().stream().map(c -> percent(c.mqlToSql())).toList()));
        model.put(
                "sourceChart",
                chart(
                        "bar",
                        sources.stream().map(Count::key).toList(),
                        "MQLs",
                        sources.stream().map(s -> (double) s.count()).toList()));
        model.put(
                "slaChart",
                chart(
                        "bar",
                        health.owners().stream().map(Health.SlaRow::key).toList(),
                        "Accepted in time %",
                        health.owners().stream()
                                .map(o -> percent(o.accept().rate()))
                                .toList()));
        return model;
    }

    private static Sla sla(Health.SlaRow row) {
        return new Sla(
                row.key(),
                row.assigned(),
                rate(row.accept().rate()),
                rate(row.firstTouch().rate()),
                row.accept().breached() + row.firstTouch().breached(),
                row.accept().running() + row.firstTouch().running());
    }

    /** A rate as a percentage with one decimal, or an en dash when undefined. */
    static String rate(double rate) {
        return Double.isNaN(rate) ? "–" : String.format(java.util.Locale.ROOT, "%.1f%%", rate * 100);
    }

    private static @Nullable Double percent(double rate) {
        return Double.isNaN(rate) ? null : Math.round(rate * 1000) / 10.0;
    }

    /** A chart's definition for dashboard.js (Chart.js's shape): type, labels and one data set. */
    record Chart(String type, List<String> labels, List<Dataset> datasets) {}

    /** A chart's data set: its label and one value per label (null: no value). */
    record Dataset(String label, List<Double> data) {}

    private static String chart(String type, List<String> labels, String label, List<Double> values) throws Exception {
        return JSON.writeValueAsString(new Chart(type, labels, List.of(new Dataset(label, values))));
    }
}
