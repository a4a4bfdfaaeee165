package dev.leadflow.report;

import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.handoff.SlaClock;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.report.Funnel.LeadHistory;
import dev.leadflow.report.Funnel.Period;
import dev.leadflow.report.Funnel.Range;
import dev.leadflow.report.Funnel.Row;
import dev.leadflow.report.Health.Compliance;
import dev.leadflow.report.Health.CycleRow;
import dev.leadflow.report.Health.Return;
import dev.leadflow.report.Health.Running;
import dev.leadflow.report.Health.SlaRow;
import dev.leadflow.report.Velocity.LeadMoves;
import dev.leadflow.report.Velocity.Stats;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The report functions as first written: plain, one walk per measure, an object per count. Kept
 * as the oracle that the faster walks of {@link Funnel}, {@link Velocity} and {@link Health} must
 * equal ({@link ReportOracleTest}).
 */
final class ReferenceReports {

    private ReferenceReports() {}

    // ------------------------------------------------------------------ funnel

    static List<Row> funnel(Iterable<LeadHistory> leads, Period period, ZoneId zone, Range range) {
        Map<List<Object>, int[]> cells = new HashMap<>();
        for (LeadHistory lead : leads) {
            List<Transition> all = lead.transitions();
            long became = Long.MIN_VALUE;
            boolean reachedMql = false;
            for (Transition t : all) {
                if (became == Long.MIN_VALUE
                        && (t.to() == Stage.LEAD || (t.to() == Stage.MQL && t.from() != Stage.LEAD))) {
                    became = t.at();
                }
                reachedMql |= t.to() == Stage.MQL;
            }
            if (became != Long.MIN_VALUE && range.holds(became)) {
                int[] n = cells.computeIfAbsent(
                        List.of(
                                Funnel.cohort(became, period, zone),
                                lead.slice().of(lead.leadId(), 0)),
                        c -> new int[7]);
                n[0]++;
                n[1] += reachedMql ? 1 : 0;
            }
            for (int i = 0; i < all.size(); i++) {
                Transition mql = all.get(i);
                if (mql.to() != Stage.MQL) {
                    continue;
                }
                int deepest = -1;
                int end = i + 1;
                for (; end < all.size() && all.get(end).cycle() == mql.cycle(); end++) {
                    deepest = Math.max(
                            deepest, Funnel.AFTER_MQL.indexOf(all.get(end).to()));
                }
                if (range.holds(mql.at())) {
                    int[] n = cells.computeIfAbsent(
                            List.of(
                                    Funnel.cohort(mql.at(), period, zone),
                                    lead.slice().of(lead.leadId(), mql.cycle())),
                            c -> new int[7]);
                    n[2]++;
                    for (int s = 0; s <= deepest; s++) {
                        n[3 + s]++;
                    }
                }
                i = end - 1;
            }
        }
        Map<LocalDate, Map<String, Row>> rows = new TreeMap<>();
        cells.forEach((cell, n) -> rows.computeIfAbsent((LocalDate) cell.get(0), c -> new TreeMap<>())
                .put(
                        (String) cell.get(1),
                        new Row(
                                (LocalDate) cell.get(0),
                                (String) cell.get(1),
                                n[0],
                                n[1],
                                n[2],
                                n[3],
                                n[4],
                                n[5],
                                n[6])));
        List<Row> out = new ArrayList<>();
        rows.values().forEach(bySlice -> out.addAll(bySlice.values()));
        return out;
    }

    // ------------------------------------------------------------------ velocity

    static Map<String, Map<Stage, Stats>> timeInStage(Iterable<LeadMoves> leads, Range range) {
        Map<String, Map<Stage, List<Long>>> bySlice = new TreeMap<>();
        for (LeadMoves lead : leads) {
            List<Transition> moves = lead.transitions();
            for (int i = 0; i < moves.size(); i++) {
                Transition in = moves.get(i);
                if (!range.holds(in.at()) || in.to() == Stage.CUSTOMER) {
                    continue;
                }
                bySlice.computeIfAbsent(lead.slice().of(lead.leadId(), in.cycle()), k -> new EnumMap<>(Stage.class))
                        .computeIfAbsent(in.to(), k -> new ArrayList<>())
                        .add(i + 1 < moves.size() ? moves.get(i + 1).at() - in.at() : null);
            }
        }
        Map<String, Map<Stage, Stats>> out = new TreeMap<>();
        bySlice.forEach((slice, stages) -> {
            Map<Stage, Stats> stats = new EnumMap<>(Stage.class);
            stages.forEach((stage, l) -> stats.put(stage, stats(l)));
            out.put(slice, stats);
        });
        return out;
    }

    static Map<String, Stats> mqlToFirstTouch(Iterable<LeadMoves> leads, Range range) {
        return perMql(leads, range, (lead, moves, i, lengths) -> {
            Transition mql = moves.get(i);
            long left = Long.MAX_VALUE;
            for (int j = i + 1; j < moves.size() && left == Long.MAX_VALUE; j++) {
                if (moves.get(j).to() != Stage.SAL) {
                    left = moves.get(j).at();
                }
            }
            long end = left;
            long first = lead.touches().stream()
                    .mapToLong(Long::longValue)
                    .filter(t -> t >= mql.at() && t <= end)
                    .min()
                    .orElse(Long.MIN_VALUE);
            if (first != Long.MIN_VALUE) {
                lengths.add(first - mql.at());
            } else if (left == Long.MAX_VALUE) {
                lengths.add(null);
            }
        });
    }

    private static final Set<Stage> IN_FUNNEL = EnumSet.of(Stage.MQL, Stage.SAL, Stage.SQL, Stage.OPPORTUNITY);

    static Map<String, Stats> mqlToCustomer(Iterable<LeadMoves> leads, Range range) {
        return perMql(leads, range, (lead, moves, i, lengths) -> {
            Transition mql = moves.get(i);
            Transition last = mql;
            for (int j = i + 1; j < moves.size() && moves.get(j).cycle() == mql.cycle(); j++) {
                last = moves.get(j);
            }
            if (last.to() == Stage.CUSTOMER) {
                lengths.add(last.at() - mql.at());
            } else if (IN_FUNNEL.contains(last.to()) && last == moves.getLast()) {
                lengths.add(null);
            }
        });
    }

    @FunctionalInterface
    private interface MqlVisitor {
        void visit(LeadMoves lead, List<Transition> moves, int i, List<Long> lengths);
    }

    private static Map<String, Stats> perMql(Iterable<LeadMoves> leads, Range range, MqlVisitor visitor) {
        Map<String, List<Long>> bySlice = new TreeMap<>();
        for (LeadMoves lead : leads) {
            List<Transition> moves = lead.transitions();
            for (int i = 0; i < moves.size(); i++) {
                Transition mql = moves.get(i);
                if (mql.to() == Stage.MQL && range.holds(mql.at())) {
                    visitor.visit(
                            lead,
                            moves,
                            i,
                            bySlice.computeIfAbsent(
                                    lead.slice().of(lead.leadId(), mql.cycle()), k -> new ArrayList<>()));
                }
            }
        }
        Map<String, Stats> out = new TreeMap<>();
        bySlice.forEach((slice, l) -> out.put(slice, stats(l)));
        return out;
    }

    /** Nearest-rank median and p90 of the lengths given (null: a stay under way). */
    private static Stats stats(List<Long> lengths) {
        long[] sorted = lengths.stream()
                .filter(l -> l != null)
                .mapToLong(Long::longValue)
                .sorted()
                .toArray();
        int underWay = (int) lengths.stream().filter(l -> l == null).count();
        if (sorted.length == 0) {
            return new Stats(0, null, null, underWay);
        }
        return new Stats(
                sorted.length, Duration.ofMillis(rank(sorted, 0.5)), Duration.ofMillis(rank(sorted, 0.9)), underWay);
    }

    private static long rank(long[] sorted, double share) {
        return sorted[Math.max(0, (int) Math.ceil(share * sorted.length) - 1)];
    }

    // ------------------------------------------------------------------ health

    private enum Outcome {
        MET,
        BREACHED,
        RUNNING
    }

    static Map<String, List<SlaRow>> sla(
            Collection<HandoffEvent.Assigned> assignments,
            Collection<HandoffEvent.SlaBreached> breaches,
            Collection<Running> running,
            Range range,
            Map<String, Function<HandoffEvent.Assigned, String>> groupings) {
        List<Running> breached = new ArrayList<>();
        breaches.stream()
                .filter(b -> b.step() == 0)
                .forEach(b -> breached.add(new Running(b.owner(), b.clock(), b.at())));
        List<Running> runs = new ArrayList<>(running);
        Map<String, Map<String, SlaRow>> rows = new TreeMap<>();
        groupings.keySet().forEach(g -> rows.put(g, new TreeMap<>()));
        for (HandoffEvent.Assigned a : assignments) {
            Outcome accept = outcome(a.owner(), a.accept(), breached, runs);
            Outcome touch = outcome(a.owner(), a.firstTouch(), breached, runs);
            if (!range.holds(a.at().toEpochMilli())) {
                continue;
            }
            groupings.forEach((g, key) -> rows.get(g)
                    .compute(
                            key.apply(a) == null ? Attribution.NONE : key.apply(a),
                            (k, r) -> add(
                                    r == null ? new SlaRow(k, 0, Compliance.NONE, Compliance.NONE) : r,
                                    accept,
                                    touch)));
        }
        Map<String, List<SlaRow>> out = new HashMap<>();
        rows.forEach((g, byKey) -> out.put(g, List.copyOf(byKey.values())));
        return out;
    }

    private static SlaRow add(SlaRow r, Outcome accept, Outcome touch) {
        return new SlaRow(r.key(), r.assigned() + 1, plus(r.accept(), accept), plus(r.firstTouch(), touch));
    }

    private static Compliance plus(Compliance c, Outcome o) {
        return o == null
                ? c
                : new Compliance(
                        c.given() + 1,
                        c.met() + (o == Outcome.MET ? 1 : 0),
                        c.breached() + (o == Outcome.BREACHED ? 1 : 0),
                        c.running() + (o == Outcome.RUNNING ? 1 : 0));
    }

    private static Outcome outcome(String owner, SlaClock clock, List<Running> breached, List<Running> running) {
        if (clock == null) {
            return null;
        }
        Running k = new Running(owner, clock.kind(), clock.due());
        if (breached.remove(k)) {
            return Outcome.BREACHED;
        }
        return running.remove(k) ? Outcome.RUNNING : Outcome.MET;
    }

    static List<CycleRow> cycles(Iterable<LeadHistory> leads, Range range) {
        Map<String, CycleRow> rows = new TreeMap<>();
        for (LeadHistory lead : leads) {
            List<Transition> all = lead.transitions();
            for (int[] c : cycleSpans(all, range)) {
                List<Transition> moves = all.subList(c[0], c[1]);
                String slice = lead.slice().of(lead.leadId(), moves.getFirst().cycle());
                Stage end = moves.getLast().to();
                boolean sql = moves.stream().anyMatch(t -> Funnel.AFTER_MQL.indexOf(t.to()) >= 1);
                boolean recycled = !sql && end == Stage.RECYCLED;
                CycleRow r = new CycleRow(
                        slice,
                        1,
                        sql ? 1 : 0,
                        !sql && (end == Stage.MQL || end == Stage.SAL) ? 1 : 0,
                        recycled ? 1 : 0,
                        !sql && end == Stage.DISQUALIFIED ? 1 : 0,
                        recycled && c[1] < all.size() ? 1 : 0);
                rows.merge(slice, r, CycleRow::plus);
            }
        }
        return List.copyOf(rows.values());
    }

    static List<Return> returns(Iterable<LeadHistory> leads, Range range) {
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (LeadHistory lead : leads) {
            List<Transition> all = lead.transitions();
            for (int[] c : cycleSpans(all, range)) {
                for (Transition t : all.subList(c[0], c[1])) {
                    boolean fromHandoff = t.from() == Stage.MQL || t.from() == Stage.SAL || t.from() == Stage.SQL;
                    if (fromHandoff && (t.to() == Stage.RECYCLED || t.to() == Stage.DISQUALIFIED)) {
                        counts.merge(
                                List.of(
                                        lead.slice()
                                                .of(lead.leadId(), all.get(c[0]).cycle()),
                                        t.from(),
                                        t.to(),
                                        t.reason()),
                                1,
                                Integer::sum);
                    }
                }
            }
        }
        List<Return> out = new ArrayList<>();
        counts.forEach((k, n) ->
                out.add(new Return((String) k.get(0), (Stage) k.get(1), (Stage) k.get(2), (String) k.get(3), n)));
        out.sort(Comparator.comparingInt(Return::count)
                .reversed()
                .thenComparing(Return::slice)
                .thenComparing(Return::from)
                .thenComparing(Return::to)
                .thenComparing(Return::reason));
        return out;
    }

    /** {@code [from, to)} of each cycle whose MQL entry is in the range: from that entry to the next one. */
    private static List<int[]> cycleSpans(List<Transition> all, Range range) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).to() != Stage.MQL) {
                continue;
            }
            int end = i + 1;
            while (end < all.size() && all.get(end).cycle() == all.get(i).cycle()) {
                end++;
            }
            if (range.holds(all.get(i).at())) {
                out.add(new int[] {i, end});
            }
            i = end - 1;
        }
        return out;
    }
}
