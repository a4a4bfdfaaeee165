package dev.leadflow.adapter.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.leadflow.adapter.csv.Csv;
import dev.leadflow.app.ClosedLoopReports;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.report.Funnel;
import dev.leadflow.report.Health;
import dev.leadflow.report.Velocity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The report answers of {@link ReportsApi} as records, written by the API's one snake_case mapper
 * ({@link Answers#JSON}). A row of a sliced report carries its slice under the dimension's own
 * name ({@code "source": "google"}), so that one row type serves every dimension.
 */
final class ReportBodies {

    private ReportBodies() {}

    /** The query a report answers. */
    record Header(
            String tz,
            @Nullable String from,
            @Nullable String to,
            @Nullable String by) {
        static Header of(ReportQuery q) {
            return new Header(
                    q.zone().getId(),
                    q.from() == null ? null : q.from().toString(),
                    q.to() == null ? null : q.to().toString(),
                    q.by());
        }
    }

    /** A row with its labels (cohort, slice under the dimension's name…) first. */
    record Labelled<T>(
            @JsonIgnore Map<String, String> labels,
            @JsonUnwrapped T row) {
        @JsonAnyGetter
        Map<String, String> labelFields() {
            return labels;
        }

        /** {@code row} labelled {@code first} (when not null) and, for a sliced report, its slice. */
        static <T> Labelled<T> of(
                @Nullable String firstName, @Nullable String first, ReportQuery q, String slice, T row) {
            Map<String, String> labels = new LinkedHashMap<>();
            if (firstName != null) {
                labels.put(firstName, first);
            }
            if (q.by() != null) {
                labels.put(q.by(), slice);
            }
            return new Labelled<>(labels, row);
        }
    }

    // ------------------------------------------------------------------ funnel

    record FunnelRates(
            @Nullable Double leadToMql,
            @Nullable Double mqlToSal,
            @Nullable Double salToSql,
            @Nullable Double mqlToSql,
            @Nullable Double sqlToOpportunity,
            @Nullable Double opportunityToCustomer) {}

    record FunnelCounts(
            int leads, int leadsToMql, int mql, int sal, int sql, int opportunity, int customer, FunnelRates rates) {
        static FunnelCounts of(Funnel.Row r) {
            return new FunnelCounts(
                    r.leads(),
                    r.leadsToMql(),
                    r.mql(),
                    r.sal(),
                    r.sql(),
                    r.opportunity(),
                    r.customer(),
                    new FunnelRates(
                            Csv.rate(r.leadToMql()),
                            Csv.rate(r.mqlToSal()),
                            Csv.rate(r.salToSql()),
                            Csv.rate(r.mqlToSql()),
                            Csv.rate(r.sqlToOpportunity()),
                            Csv.rate(r.opportunityToCustomer())));
        }
    }

    /** {@code GET /api/reports/funnel}. */
    record FunnelAnswer(
            @JsonUnwrapped Header header,
            String period,
            List<Labelled<FunnelCounts>> cohorts,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            List<Labelled<FunnelCounts>> slices,

            FunnelCounts total) {}

    // ------------------------------------------------------------------ velocity

    record Stats(
            int count,
            @Nullable String median,
            @Nullable String p90,
            @Nullable Double medianHours,
            @Nullable Double p90Hours,
            @Nullable Double medianDays,
            @Nullable Double p90Days,
            int underWay) {
        static Stats of(Velocity.Stats s) {
            return new Stats(
                    s.count(),
                    s.median() == null ? null : s.median().toString(),
                    s.p90() == null ? null : s.p90().toString(),
                    hours(s.median()),
                    hours(s.p90()),
                    days(s.median()),
                    days(s.p90()),
                    s.underWay());
        }
    }

    /** Time in each stage the slice has stays for, MQL to first touch, MQL to won. */
    record Measures(Map<String, Stats> timeInStage, Stats mqlToFirstTouch, Stats mqlToCustomer) {
        static Measures of(ClosedLoopReports.VelocityReport v, String slice) {
            Map<String, Stats> inStage = new LinkedHashMap<>();
            for (Map.Entry<Stage, Velocity.Stats> e :
                    v.timeInStage().getOrDefault(slice, Map.of()).entrySet()) {
                inStage.put(e.getKey().wireName(), Stats.of(e.getValue()));
            }
            return new Measures(
                    inStage,
                    Stats.of(v.mqlToFirstTouch().getOrDefault(slice, NONE)),
                    Stats.of(v.mqlToCustomer().getOrDefault(slice, NONE)));
        }

        private static final Velocity.Stats NONE = new Velocity.Stats(0, null, null, 0);

        /** Each measure by its CSV name ({@code time_in_mql}, …), in the order of {@link #of}. */
        static void forEach(ClosedLoopReports.VelocityReport v, String slice, BiConsumer<String, Velocity.Stats> to) {
            for (Map.Entry<Stage, Velocity.Stats> e :
                    v.timeInStage().getOrDefault(slice, Map.of()).entrySet()) {
                to.accept("time_in_" + e.getKey().wireName(), e.getValue());
            }
            to.accept("mql_to_first_touch", v.mqlToFirstTouch().getOrDefault(slice, NONE));
            to.accept("mql_to_customer", v.mqlToCustomer().getOrDefault(slice, NONE));
        }
    }

    /** {@code GET /api/reports/velocity}: in all, and per slice when sliced. */
    record VelocityAnswer(
            @JsonUnwrapped Header header,
            @JsonUnwrapped Measures total,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            List<Labelled<Measures>> slices) {}

    // ------------------------------------------------------------------ hand-off health

    record Compliance(
            int given,
            int met,
            int breached,
            int running,
            @Nullable Double compliance) {
        static Compliance of(Health.Compliance c) {
            return new Compliance(c.given(), c.met(), c.breached(), c.running(), Csv.rate(c.rate()));
        }
    }

    record Sla(int assigned, Compliance accept, Compliance firstTouch) {
        static Sla of(Health.SlaRow r) {
            return new Sla(r.assigned(), Compliance.of(r.accept()), Compliance.of(r.firstTouch()));
        }
    }

    record SlaTables(List<Labelled<Sla>> owners, List<Labelled<Sla>> teams, Sla total) {}

    record CycleRates(
            @Nullable Double neverSqlShare,
            @Nullable Double recycle,
            @Nullable Double requalify) {}

    record Cycles(
            int mql,
            int sql,
            int neverSql,
            int open,
            int recycled,
            int disqualified,
            int requalified,
            CycleRates rates) {
        static Cycles of(Health.CycleRow r) {
            return new Cycles(
                    r.mql(),
                    r.sql(),
                    r.neverSql(),
                    r.open(),
                    r.recycled(),
                    r.disqualified(),
                    r.requalified(),
                    new CycleRates(
                            Csv.rate(r.neverSqlShare()), Csv.rate(r.recycleRate()), Csv.rate(r.requalifyRate())));
        }
    }

    record Return(String from, String to, String reason, int count) {}

    /** {@code GET /api/reports/handoff}. */
    record HealthAnswer(
            @JsonUnwrapped Header header,
            SlaTables sla,
            List<Labelled<Cycles>> cycles,
            Cycles cyclesTotal,
            List<Labelled<Return>> returns) {}

    // ------------------------------------------------------------------ numbers

    static @Nullable Double hours(@Nullable Duration d) {
        return d == null ? null : Math.round(d.toMillis() / 36_000.0) / 100.0;
    }

    static @Nullable Double days(@Nullable Duration d) {
        return d == null ? null : Math.round(d.toMillis() / 864_000.0) / 100.0;
    }
}
