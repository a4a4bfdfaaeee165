package dev.leadflow.report;

import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.handoff.SlaClock;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The health of the hand-off (reports in README.md): whether owners keep their SLA promises, why sales sends
 * MQLs back, how many recycled leads qualify again, and how many MQLs never reach SQL.
 *
 * <p>SLA compliance counts the clocks given at each assignment in the range (by the instant of
 * the assignment): a clock is <em>breached</em> when its breach was recorded, <em>running</em>
 * when it has not run out and still runs now, and <em>met</em> otherwise (stopped in time, or the
 * lead left the owner before it ran out). Compliance is met / (met + breached): running clocks
 * are not decided yet. A breach is matched to its clock by owner, kind and due instant, since the
 * desk records it at that instant.
 *
 * <p>Cycle measures count each qualification cycle that entered MQL in the range once, like
 * {@link Funnel}: its outcome is SQL (reached SQL or beyond), open (still in MQL or SAL),
 * recycled or disqualified; a recycled cycle was re-qualified when the lead entered MQL again
 * later. Pure.
 */
public final class Health {

    private Health() {}

    /** How the clocks of one kind given to an owner or team fared. */
    public record Compliance(int given, int met, int breached, int running) {
        public static final Compliance NONE = new Compliance(0, 0, 0, 0);

        /** met / (met + breached); NaN when no clock is decided. */
        public double rate() {
            return met + breached == 0 ? Double.NaN : (double) met / (met + breached);
        }
    }

    /** SLA compliance of one owner or team: assignments in the range and their two clocks. */
    public record SlaRow(String key, int assigned, Compliance accept, Compliance firstTouch) {}

    /** A clock that still runs now: whose it is (null: a queued lead's team clock), which one and when it falls due. */
    public record Running(@Nullable String owner, SlaClock.Kind kind, Instant due) {}

    /** How a clock fared, in the order of {@link Compliance}'s counts. */
    private enum Outcome {
        MET,
        BREACHED,
        RUNNING
    }

    /**
     * SLA compliance per key, for each grouping (e.g. "owner" → the owner of an assignment), each
     * sorted by key; every clock is judged once whatever the groupings.
     *
     * @param assignments every assignment, in the order they happened
     * @param breaches    every breach recorded (escalation steps, {@code step > 0}, are ignored)
     * @param running     the clocks that run now
     */
    public static Map<String, List<SlaRow>> sla(
            Collection<HandoffEvent.Assigned> assignments,
            Collection<HandoffEvent.SlaBreached> breaches,
            Collection<Running> running,
            Funnel.Range range,
            Map<String, Function<HandoffEvent.Assigned, String>> groupings) {
        Map<Running, Integer> breached = new HashMap<>();
        breaches.stream()
                .filter(b -> b.step() == 0)
                .forEach(b -> breached.merge(new Running(b.owner(), b.clock(), b.at()), 1, Integer::sum));
        Map<Running, Integer> runs = new HashMap<>();
        running.forEach(r -> runs.merge(r, 1, Integer::sum));
        List<Function<HandoffEvent.Assigned, String>> keys = List.copyOf(groupings.values());
        // per grouping, per key: assigned, then for each clock given, met, breached and running
        List<Map<String, int[]>> rows = new ArrayList<>();
        keys.forEach(k -> rows.add(new HashMap<>()));
        for (HandoffEvent.Assigned a : assignments) {
            Outcome accept = outcome(a.owner(), a.accept(), breached, runs);
            Outcome touch = outcome(a.owner(), a.firstTouch(), breached, runs);
            if (!range.holds(a.at().toEpochMilli())) {
                continue; // its clocks were still matched, so they cannot take another's breach
            }
            for (int g = 0; g < keys.size(); g++) {
                int[] n = rows.get(g)
                        .computeIfAbsent(
                                Objects.requireNonNullElse(keys.get(g).apply(a), Attribution.NONE), k -> new int[9]);
                n[0]++;
                count(n, 1, accept);
                count(n, 5, touch);
            }
        }
        Map<String, List<SlaRow>> out = new LinkedHashMap<>();
        int g = 0;
        for (String grouping : groupings.keySet()) {
            List<SlaRow> byKey = new ArrayList<>();
            new TreeMap<>(rows.get(g++))
                    .forEach((key, n) -> byKey.add(new SlaRow(
                            key,
                            n[0],
                            new Compliance(n[1], n[2], n[3], n[4]),
                            new Compliance(n[5], n[6], n[7], n[8]))));
            out.put(grouping, List.copyOf(byKey));
        }
        return out;
    }

    /** Counts a clock's outcome (none: the promise was kept before) into {@code n[from]} (given) and the three after it. */
    private static void count(int[] n, int from, @Nullable Outcome o) {
        if (o != null) {
            n[from]++;
            n[from + 1 + o.ordinal()]++;
        }
    }

    /** {@link #sla(Collection, Collection, Collection, Funnel.Range, Map)} with one grouping. */
    public static List<SlaRow> sla(
            Collection<HandoffEvent.Assigned> assignments,
            Collection<HandoffEvent.SlaBreached> breaches,
            Collection<Running> running,
            Funnel.Range range,
            Function<HandoffEvent.Assigned, String> key) {
        return sla(assignments, breaches, running, range, Map.of("by", key)).getOrDefault("by", List.of());
    }

    private static @Nullable Outcome outcome(
            String owner, @Nullable SlaClock clock, Map<Running, Integer> breached, Map<Running, Integer> running) {
        if (clock == null) {
            return null; // the promise was kept before this assignment
        }
        Running k = new Running(owner, clock.kind(), clock.due());
        if (take(breached, k)) {
            return Outcome.BREACHED;
        }
        return take(running, k) ? Outcome.RUNNING : Outcome.MET;
    }

    private static boolean take(Map<Running, Integer> counts, Running k) {
        Integer n = counts.get(k);
        if (n == null) {
            return false;
        }
        if (n == 1) {
            counts.remove(k);
        } else {
            counts.put(k, n - 1);
        }
        return true;
    }

    /** The cycles of one slice that entered MQL in the range, by outcome. */
    public record CycleRow(String slice, int mql, int sql, int open, int recycled, int disqualified, int requalified) {

        /** MQLs that never reached SQL (open, recycled or disqualified). */
        public int neverSql() {
            return mql - sql;
        }

        public double neverSqlShare() {
            return mql == 0 ? Double.NaN : (double) neverSql() / mql;
        }

        public double recycleRate() {
            return mql == 0 ? Double.NaN : (double) recycled / mql;
        }

        /** The share of recycled cycles whose lead qualified again. */
        public double requalifyRate() {
            return recycled == 0 ? Double.NaN : (double) requalified / recycled;
        }

        CycleRow plus(CycleRow o) {
            return new CycleRow(
                    slice,
                    mql + o.mql,
                    sql + o.sql,
                    open + o.open,
                    recycled + o.recycled,
                    disqualified + o.disqualified,
                    requalified + o.requalified);
        }
    }

    /** How often cycles left the hand-off from {@code from} to {@code to} (recycled, disqualified) for {@code reason}. */
    public record Return(String slice, Stage from, Stage to, String reason, int count) {}

    /** The cycle rows by slice (sorted), for cycles that entered MQL in the range. */
    public static List<CycleRow> cycles(Iterable<Funnel.LeadHistory> leads, Funnel.Range range) {
        Map<String, int[]> rows = new HashMap<>(); // per slice: mql, sql, open, recycled, disqualified, requalified
        for (Funnel.LeadHistory lead : leads) {
            List<Transition> all = lead.transitions();
            int i = nextMql(all, 0);
            while (i < all.size()) {
                int end = cycleEnd(all, i);
                if (range.holds(all.get(i).at())) {
                    count(
                            rows.computeIfAbsent(
                                    lead.slice().of(lead.leadId(), all.get(i).cycle()), k -> new int[6]),
                            all,
                            i,
                            end);
                }
                i = nextMql(all, end);
            }
        }
        List<CycleRow> out = new ArrayList<>();
        new TreeMap<>(rows).forEach((slice, n) -> out.add(new CycleRow(slice, n[0], n[1], n[2], n[3], n[4], n[5])));
        return List.copyOf(out);
    }

    /** Counts the outcome of the cycle {@code all[from, end)} (from its MQL to the next) into {@code n}. */
    private static void count(int[] n, List<Transition> all, int from, int end) {
        boolean sql = false;
        for (int j = from; j < end; j++) {
            sql |= Funnel.AFTER_MQL.indexOf(all.get(j).to()) >= 1;
        }
        Stage last = all.get(end - 1).to();
        boolean recycled = !sql && last == Stage.RECYCLED;
        n[0]++;
        n[1] += sql ? 1 : 0;
        n[2] += !sql && (last == Stage.MQL || last == Stage.SAL) ? 1 : 0;
        n[3] += recycled ? 1 : 0;
        n[4] += !sql && last == Stage.DISQUALIFIED ? 1 : 0;
        n[5] += recycled && end < all.size() ? 1 : 0; // a later cycle entered MQL: re-qualified
    }

    /** The cycle rows summed over slices (zeros when there are none). */
    public static CycleRow total(List<CycleRow> rows) {
        CycleRow sum = new CycleRow("all", 0, 0, 0, 0, 0, 0);
        for (CycleRow r : rows) {
            sum = sum.plus(r);
        }
        return sum;
    }

    /**
     * Why cycles that entered MQL in the range left the hand-off: each move from MQL, SAL or SQL to
     * recycled or disqualified, counted by slice, stages and reason (most frequent first).
     */
    public static List<Return> returns(Iterable<Funnel.LeadHistory> leads, Funnel.Range range) {
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (Funnel.LeadHistory lead : leads) {
            List<Transition> all = lead.transitions();
            int i = nextMql(all, 0);
            while (i < all.size()) {
                int end = cycleEnd(all, i);
                for (int j = i; j < end && range.holds(all.get(i).at()); j++) {
                    Transition t = all.get(j);
                    boolean fromHandoff = t.from() == Stage.MQL || t.from() == Stage.SAL || t.from() == Stage.SQL;
                    if (fromHandoff && (t.to() == Stage.RECYCLED || t.to() == Stage.DISQUALIFIED)) {
                        counts.merge(
                                List.of(
                                        lead.slice()
                                                .of(lead.leadId(), all.get(i).cycle()),
                                        t.from(),
                                        t.to(),
                                        t.reason()),
                                1,
                                Integer::sum);
                    }
                }
                i = nextMql(all, end);
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

    /**
     * The index of the first entry into MQL at or after {@code from} ({@code all.size()} when none):
     * where a cycle begins. A cycle lasts until the lead enters MQL again.
     */
    private static int nextMql(List<Transition> all, int from) {
        int i = from;
        while (i < all.size() && all.get(i).to() != Stage.MQL) {
            i++;
        }
        return i;
    }

    /** The end (exclusive) of the cycle whose MQL entry is {@code all.get(mql)}: its transitions are {@code [mql, end)}. */
    private static int cycleEnd(List<Transition> all, int mql) {
        int end = mql + 1;
        while (end < all.size() && all.get(end).cycle() == all.get(mql).cycle()) {
            end++;
        }
        return end;
    }
}
