package dev.leadflow.app;

import dev.leadflow.app.port.Models;
import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.report.Attribution;
import dev.leadflow.report.Funnel;
import dev.leadflow.report.Health;
import dev.leadflow.report.Velocity;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Marketing and sales read the funnel closed-loop (reports in README.md), on the REST API and the
 * dashboard: the engine's report functions fed with the live transitions from the report index,
 * sliced by a dimension. Thread-safe.
 */
public final class ClosedLoopReports {

    /** The model version in force when the cycle entered MQL: a slicing dimension. */
    public static final String BY_MODEL = "model";
    /** The fit letter of the lead's grade now: a slicing dimension besides the channel ones ({@link Attribution}). */
    public static final String BY_GRADE = "grade";
    /** Who held the cycle in the hand-off (its last assignment), or who moved it on from MQL. */
    public static final String BY_OWNER = "owner";
    /** The team of the cycle's last assignment. */
    public static final String BY_TEAM = "team";

    /** What the hand-off did, for the health report: assignments, breaches and the clocks running now. */
    public record HandoffFacts(
            List<HandoffEvent.Assigned> assignments,
            List<HandoffEvent.SlaBreached> breaches,
            List<Health.Running> running) {}

    private final Leads leads;
    private final @Nullable Models models;
    private final Source source;

    /** {@code models} may be null (no model versions: slicing by model gives one slice, the model served). */
    ClosedLoopReports(Leads leads, @Nullable Models models) {
        this(
                leads,
                models,
                new Source(
                        (by, now) -> snapshot(leads, by, now).histories(),
                        (by, now) -> snapshot(leads, by, now).moves(),
                        now -> facts(leads, now)));
    }

    /** Reports over another source of leads: the tests' from-scratch oracle. */
    ClosedLoopReports(Leads leads, @Nullable Models models, Source source) {
        this.leads = leads;
        this.models = models;
        this.source = source;
    }

    /**
     * The leads' transitions sliced by {@code by}: none (null), a channel dimension ({@link
     * Attribution}: from the event that converted the lead, per cycle), {@link #BY_GRADE}, {@link
     * #BY_OWNER} or {@link #BY_TEAM}. A view of the report index as of {@code nowMillis}, which later
     * changes do not alter.
     */
    private static ReportIndex.Snapshot snapshot(Leads leads, @Nullable String by, long nowMillis) {
        return leads.read(
                nowMillis,
                s -> s.reports().snapshot(by, s.engine(), s.handoff().reads().log(), nowMillis));
    }

    /** The hand-off's facts now, its events read from the report index. */
    private static HandoffFacts facts(Leads leads, long nowMillis) {
        return leads.read(nowMillis, s -> {
            s.reports().refresh(s.engine(), s.handoff().reads().log());
            return new HandoffFacts(
                    s.reports().assignments(),
                    s.reports().breaches(),
                    s.handoff().reads().running(nowMillis));
        });
    }

    /**
     * Where the leads are read, sliced by a dimension other than the model (null: not sliced), and
     * the hand-off's facts, as of an instant.
     */
    record Source(
            BiFunction<@Nullable String, Long, List<Funnel.LeadHistory>> histories,
            BiFunction<@Nullable String, Long, List<Velocity.LeadMoves>> moves,
            LongFunction<HandoffFacts> facts) {}

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
    public record VelocityReports(
            VelocityReport total, @Nullable VelocityReport slices) {}

    /** Hand-off health: SLA compliance per owner, per team and in all; cycles by outcome per slice; returns. */
    public record HealthReport(
            List<Health.SlaRow> owners,
            List<Health.SlaRow> teams,
            Health.SlaRow slaTotal,
            List<Health.CycleRow> cycles,
            Health.CycleRow cyclesTotal,
            List<Health.Return> returns) {}

    public FunnelReport funnel(@Nullable String by, Funnel.Period period, ZoneId zone, Funnel.Range range, long now) {
        List<Funnel.Row> rows = Funnel.compute(histories(by, now), period, zone, range);
        return new FunnelReport(rows, by == null ? List.of() : Funnel.totals(rows), Funnel.total(rows));
    }

    public VelocityReport velocity(@Nullable String by, Funnel.Range range, long now) {
        return VelocityReport.of(Velocity.bySlice(moves(by, now), range));
    }

    /** {@link #velocity} unsliced and, when {@code by} is not null, sliced by it: from one walk over the leads. */
    public VelocityReports velocityWithTotal(@Nullable String by, Funnel.Range range, long now) {
        if (by == null) {
            return new VelocityReports(velocity(null, range, now), null);
        }
        Velocity.WithTotal v = Velocity.bySliceWithTotal(moves(by, now), range);
        return new VelocityReports(VelocityReport.of(v.total()), VelocityReport.of(v.slices()));
    }

    /** Every lead's transitions and sales touches, for the velocity report, sliced by {@code by} (null: not sliced). */
    public List<Velocity.LeadMoves> moves(@Nullable String by, long now) {
        if (!BY_MODEL.equals(by)) {
            return source.moves().apply(by, now);
        }
        ModelVersions versions = modelVersions();
        return ReportIndex.mapped(
                source.moves().apply(null, now),
                m -> new Velocity.LeadMoves(m.leadId(), m.transitions(), m.touches(), versions.slice(m.transitions())));
    }

    public HealthReport health(@Nullable String by, Funnel.Range range, long now) {
        HandoffFacts facts = source.facts().apply(now);
        Map<String, Function<HandoffEvent.Assigned, String>> groupings = new LinkedHashMap<>();
        groupings.put("owner", HandoffEvent.Assigned::owner);
        groupings.put("team", HandoffEvent.Assigned::team);
        groupings.put("all", a -> "all");
        Map<String, List<Health.SlaRow>> sla =
                Health.sla(facts.assignments(), facts.breaches(), facts.running(), range, groupings);
        List<Health.SlaRow> all = sla.getOrDefault("all", List.of());
        List<Funnel.LeadHistory> histories = histories(by, now);
        List<Health.CycleRow> cycles = Health.cycles(histories, range);
        return new HealthReport(
                sla.getOrDefault("owner", List.of()),
                sla.getOrDefault("team", List.of()),
                all.isEmpty()
                        ? new Health.SlaRow("all", 0, Health.Compliance.NONE, Health.Compliance.NONE)
                        : all.getFirst(),
                cycles,
                Health.total(cycles),
                Health.returns(histories, range));
    }

    /** Every lead's transitions, for the funnel and health reports, sliced by {@code by} (null: not sliced). */
    public List<Funnel.LeadHistory> histories(@Nullable String by, long now) {
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
        return new ModelVersions(versions, leads.inspect(s -> s.engine().model().id()));
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
