package dev.leadflow.live;

import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.report.Funnel;
import dev.leadflow.report.Health;
import dev.leadflow.report.Velocity;
import dev.leadflow.store.ModelStore;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The closed-loop reports over the server's leads (reports in README.md), for the REST API and the dashboard:
 * the engine's report functions fed with the live transitions, sliced by a dimension. Thread-safe.
 */
public final class Reports {

    /** The model version in force when the cycle entered MQL: a slicing dimension. */
    public static final String BY_MODEL = "model";

    private final LiveLeads live;
    private final ModelStore models;
    private final Source source;

    /** {@code models} may be null (no model versions: slicing by model gives one slice, the model served). */
    public Reports(LiveLeads live, ModelStore models) {
        this(live, models, new Source(live::histories, live::moves, live::handoffFacts));
    }

    /** Reports over another source of leads: the tests' from-scratch oracle. */
    Reports(LiveLeads live, ModelStore models, Source source) {
        this.live = live;
        this.models = models;
        this.source = source;
    }

    /**
     * Where the leads are read, sliced by a dimension other than the model (null: not sliced), and
     * the hand-off's facts, as of an instant.
     */
    record Source(
            BiFunction<String, Long, List<Funnel.LeadHistory>> histories,
            BiFunction<String, Long, List<Velocity.LeadMoves>> moves,
            LongFunction<LiveLeads.HandoffFacts> facts) {}

    /** The funnel's rows by cohort and slice, each slice's total and the grand total. */
    public record FunnelReport(List<Funnel.Row> rows, List<Funnel.Row> slices, Funnel.Row total) {}

    /** Velocity per slice (one slice "all" when not sliced). */
    public record VelocityReport(
            Map<String, Map<Stage, Velocity.Stats>> timeInStage,
            Map<String, Velocity.Stats> mqlToFirstTouch,
            Map<String, Velocity.Stats> mqlToCustomer) {

        static VelocityReport of(Velocity.BySlice v) {
            return new VelocityReport(v.timeInStage(), v.mqlToFirstTouch(), v.mqlToCustomer());
        }
    }

    /** Velocity in all (one slice "all"), and per slice when sliced (else null). */
    public record VelocityReports(VelocityReport total, VelocityReport slices) {}

    /** Hand-off health: SLA compliance per owner, per team and in all; cycles by outcome per slice; returns. */
    public record HealthReport(
            List<Health.SlaRow> owners,
            List<Health.SlaRow> teams,
            Health.SlaRow slaTotal,
            List<Health.CycleRow> cycles,
            Health.CycleRow cyclesTotal,
            List<Health.Return> returns) {}

    public FunnelReport funnel(String by, Funnel.Period period, ZoneId zone, Funnel.Range range, long now) {
        List<Funnel.Row> rows = Funnel.compute(histories(by, now), period, zone, range);
        return new FunnelReport(rows, by == null ? List.of() : Funnel.totals(rows), Funnel.total(rows));
    }

    public VelocityReport velocity(String by, Funnel.Range range, long now) {
        return VelocityReport.of(Velocity.bySlice(moves(by, now), range));
    }

    /** {@link #velocity} unsliced and, when {@code by} is not null, sliced by it: from one walk over the leads. */
    public VelocityReports velocityWithTotal(String by, Funnel.Range range, long now) {
        if (by == null) {
            return new VelocityReports(velocity(null, range, now), null);
        }
        Velocity.WithTotal v = Velocity.bySliceWithTotal(moves(by, now), range);
        return new VelocityReports(VelocityReport.of(v.total()), VelocityReport.of(v.slices()));
    }

    private List<Velocity.LeadMoves> moves(String by, long now) {
        if (!BY_MODEL.equals(by)) {
            return source.moves().apply(by, now);
        }
        ModelVersions versions = modelVersions();
        return ReportIndex.mapped(
                source.moves().apply(null, now),
                m -> new Velocity.LeadMoves(m.leadId(), m.transitions(), m.touches(), versions.slice(m.transitions())));
    }

    public HealthReport health(String by, Funnel.Range range, long now) {
        LiveLeads.HandoffFacts facts = source.facts().apply(now);
        Map<String, Function<HandoffEvent.Assigned, String>> groupings = new LinkedHashMap<>();
        groupings.put("owner", HandoffEvent.Assigned::owner);
        groupings.put("team", HandoffEvent.Assigned::team);
        groupings.put("all", a -> "all");
        Map<String, List<Health.SlaRow>> sla =
                Health.sla(facts.assignments(), facts.breaches(), facts.running(), range, groupings);
        List<Health.SlaRow> all = sla.get("all");
        List<Funnel.LeadHistory> histories = histories(by, now);
        List<Health.CycleRow> cycles = Health.cycles(histories, range);
        return new HealthReport(
                sla.get("owner"),
                sla.get("team"),
                all.isEmpty()
                        ? new Health.SlaRow("all", 0, Health.Compliance.NONE, Health.Compliance.NONE)
                        : all.getFirst(),
                cycles,
                Health.total(cycles),
                Health.returns(histories, range));
    }

    /** The leads' histories sliced by {@code by} (null: not sliced). */
    private List<Funnel.LeadHistory> histories(String by, long now) {
        if (!BY_MODEL.equals(by)) {
            return source.histories().apply(by, now);
        }
        ModelVersions versions = modelVersions();
        return ReportIndex.mapped(
                source.histories().apply(null, now),
                h -> new Funnel.LeadHistory(h.leadId(), h.transitions(), versions.slice(h.transitions())));
    }

    private ModelVersions modelVersions() {
        NavigableMap<Long, String> versions = new TreeMap<>();
        if (models != null) {
            models.versions().forEach(v -> versions.put(v.publishedAt(), v.modelId()));
        }
        return new ModelVersions(versions, live.model().id());
    }

    /** The model versions by instant published, and the model served. */
    private record ModelVersions(NavigableMap<Long, String> versions, String served) {

        /** The model in force when each of the lead's cycles began (its first transition). */
        Funnel.CycleSlice slice(List<Transition> transitions) {
            return (lead, cycle) -> at(began(transitions, cycle));
        }

        private static long began(List<Transition> transitions, int cycle) {
            for (Transition t : transitions) {
                if (t.cycle() == cycle) {
                    return t.at();
                }
            }
            return Long.MIN_VALUE;
        }

        /**
         * The model published last at or before {@code at}; before the first publish, the first
         * version (the store's history was first scored by it); with no versions, the model served.
         */
        String at(long at) {
            if (versions.isEmpty()) {
                return served;
            }
            Map.Entry<Long, String> e = versions.floorEntry(at);
            return e == null ? versions.firstEntry().getValue() : e.getValue();
        }
    }
}
