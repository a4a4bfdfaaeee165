package dev.leadflow.report;

import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The cohort funnel (reports in README.md), computed from stored transitions only, so that it equals what an
 * offline replay of the history implies.
 *
 * <p>A lead is counted once per qualification cycle: each entry into {@code mql} opens a cycle,
 * and the cycle belongs to the cohort (week or month) in which it entered {@code mql}. The stages
 * a cycle reached are those its transitions entered, so a recycled lead that qualifies again
 * counts again in its new cycle's cohort and never twice in the old one. The top of the funnel,
 * Lead→MQL, counts people: a person becomes a lead when they convert (enter {@code lead}) or,
 * having skipped that stage, when they first enter {@code mql} (a hand-raiser); they count in the
 * cohort of that moment, and as converted if they ever reached {@code mql}.
 *
 * <p>Pure: time zone, period and range come in; nothing is read from a clock.
 */
public final class Funnel {

    /** The width of a cohort: an ISO week (from Monday) or a calendar month, in the report's time zone. */
    public enum Period {
        WEEK,
        MONTH;

        /** The first day of the period holding {@code day}. */
        LocalDate start(LocalDate day) {
            return this == WEEK ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : day.withDayOfMonth(1);
        }
    }

    /** The stages a cycle can reach after {@code mql}, in funnel order. */
    static final List<Stage> AFTER_MQL = List.of(Stage.SAL, Stage.SQL, Stage.OPPORTUNITY, Stage.CUSTOMER);

    /** One lead's history for the report: its transitions, oldest first, and a slice value per cycle. */
    public record LeadHistory(String leadId, List<Transition> transitions, CycleSlice slice) {
        public LeadHistory {
            Objects.requireNonNull(leadId, "leadId");
            transitions = List.copyOf(transitions);
            Objects.requireNonNull(slice, "slice");
        }
    }

    /** The value of the slicing dimension for a lead's cycle (0 for the lead before its first MQL). */
    @FunctionalInterface
    public interface CycleSlice {
        CycleSlice NONE = (leadId, cycle) -> "all";

        String of(String leadId, int cycle);
    }

    /**
     * One cohort of one slice: people who became leads in it and how many of them reached MQL;
     * cycles that entered MQL in it and how many of those reached each later stage.
     */
    public record Row(
            @Nullable LocalDate cohort,
            String slice,
            int leads,
            int leadsToMql,
            int mql,
            int sal,
            int sql,
            int opportunity,
            int customer) {

        public double leadToMql() {
            return rate(leadsToMql, leads);
        }

        public double mqlToSal() {
            return rate(sal, mql);
        }

        public double salToSql() {
            return rate(sql, sal);
        }

        /** The headline rate. */
        public double mqlToSql() {
            return rate(sql, mql);
        }

        public double sqlToOpportunity() {
            return rate(opportunity, sql);
        }

        public double opportunityToCustomer() {
            return rate(customer, opportunity);
        }

        private static double rate(int part, int whole) {
            return whole == 0 ? Double.NaN : (double) part / whole;
        }

        Row plus(Row o) {
            return new Row(
                    cohort,
                    slice,
                    leads + o.leads,
                    leadsToMql + o.leadsToMql,
                    mql + o.mql,
                    sal + o.sal,
                    sql + o.sql,
                    opportunity + o.opportunity,
                    customer + o.customer);
        }
    }

    /** Which cohorts to report: {@code [from, to)} in epoch millis, by entry time. */
    public record Range(long from, long to) {
        public static final Range ALL = new Range(Long.MIN_VALUE, Long.MAX_VALUE);

        boolean holds(long t) {
            return t >= from && t < to;
        }
    }

    private Funnel() {}

    /** The funnel rows, by cohort then slice, for the histories given. */
    public static List<Row> compute(Iterable<LeadHistory> leads, Period period, ZoneId zone, Range range) {
        Cells cells = new Cells(period, zone);
        for (LeadHistory lead : leads) {
            countPerson(lead, range, cells);
            countCycles(lead, range, cells);
        }
        return cells.rows();
    }

    /**
     * The rows being counted, by cohort then slice, each an {@code int[7]} of counts in row order;
     * the cohort of an instant remembered per local day (dates and adjusters are not free). Reports
     * count a million leads into a few hundred cells: nothing is allocated per count.
     */
    private static final class Cells {
        private final Period period;
        private final ZoneRules rules;
        private final Map<LocalDate, Map<String, int[]>> byCohort = new HashMap<>();
        /** The last days asked for and their cohorts' cells, by day modulo the table's size. */
        private final long[] days = new long[512];

        private final List<Map<String, int[]>> cohorts = new ArrayList<>(Collections.nCopies(512, null));

        Cells(Period period, ZoneId zone) {
            this.period = period;
            this.rules = zone.getRules();
            Arrays.fill(days, Long.MIN_VALUE);
        }

        /** The counts of the cohort holding {@code at} and of {@code slice}. */
        int[] of(long at, String slice) {
            Instant instant = Instant.ofEpochMilli(at);
            long day = Math.floorDiv(
                    instant.getEpochSecond() + rules.getOffset(instant).getTotalSeconds(), 86_400L);
            int slot = (int) Math.floorMod(day, (long) days.length);
            if (days[slot] != day) {
                days[slot] = day;
                cohorts.set(
                        slot, byCohort.computeIfAbsent(period.start(LocalDate.ofEpochDay(day)), c -> new HashMap<>()));
            }
            return cohorts.get(slot).computeIfAbsent(slice, s -> new int[7]);
        }

        /** The rows, by cohort then slice. */
        List<Row> rows() {
            List<Row> out = new ArrayList<>();
            new TreeMap<>(byCohort)
                    .forEach((cohort, bySlice) -> new TreeMap<>(bySlice)
                            .forEach((slice, n) ->
                                    out.add(new Row(cohort, slice, n[0], n[1], n[2], n[3], n[4], n[5], n[6]))));
            return out;
        }
    }

    private static void countPerson(LeadHistory lead, Range range, Cells cells) {
        List<Transition> all = lead.transitions();
        long became = Long.MIN_VALUE;
        boolean reachedMql = false;
        for (int i = 0; i < all.size(); i++) {
            Transition t = all.get(i);
            if (became == Long.MIN_VALUE && (t.to() == Stage.LEAD || (t.to() == Stage.MQL && t.from() != Stage.LEAD))) {
                became = t.at();
            }
            reachedMql |= t.to() == Stage.MQL;
        }
        if (became != Long.MIN_VALUE && range.holds(became)) {
            int[] n = cells.of(became, lead.slice().of(lead.leadId(), 0));
            n[0]++;
            n[1] += reachedMql ? 1 : 0;
        }
    }

    private static void countCycles(LeadHistory lead, Range range, Cells cells) {
        List<Transition> all = lead.transitions();
        for (int i = 0; i < all.size(); i++) {
            Transition mql = all.get(i);
            if (mql.to() != Stage.MQL) {
                continue;
            }
            int deepest = -1; // the furthest stage after MQL the cycle reached, as an index in AFTER_MQL
            int end = i + 1;
            for (; end < all.size() && all.get(end).cycle() == mql.cycle(); end++) {
                deepest = Math.max(deepest, AFTER_MQL.indexOf(all.get(end).to()));
            }
            if (range.holds(mql.at())) {
                int[] n = cells.of(mql.at(), lead.slice().of(lead.leadId(), mql.cycle()));
                n[2]++;
                for (int s = 0; s <= deepest; s++) {
                    n[3 + s]++; // a cycle that reached a stage reached every stage before it
                }
            }
            i = end - 1;
        }
    }

    /** The rows summed over cohorts, one per slice (the report's total line). */
    public static List<Row> totals(List<Row> rows) {
        Map<String, Row> bySlice = new TreeMap<>();
        for (Row r : rows) {
            bySlice.merge(
                    r.slice(),
                    new Row(
                            null,
                            r.slice(),
                            r.leads(),
                            r.leadsToMql(),
                            r.mql(),
                            r.sal(),
                            r.sql(),
                            r.opportunity(),
                            r.customer()),
                    Row::plus);
        }
        return List.copyOf(bySlice.values());
    }

    /** The rows summed over cohorts and slices: the report's grand total (zeros when there are none). */
    public static Row total(List<Row> rows) {
        Row sum = new Row(null, "all", 0, 0, 0, 0, 0, 0, 0);
        for (Row r : rows) {
            sum = sum.plus(r);
        }
        return sum;
    }

    /**
     * When the person became a lead: their first entry into {@code lead}, or into {@code mql} having
     * skipped it (a hand-raiser); empty when neither happened.
     */
    static Optional<Long> becameLead(List<Transition> transitions) {
        for (Transition t : transitions) {
            if (t.to() == Stage.LEAD || (t.to() == Stage.MQL && t.from() != Stage.LEAD)) {
                return Optional.of(t.at());
            }
        }
        return Optional.empty();
    }

    static LocalDate cohort(long at, Period period, ZoneId zone) {
        return period.start(LocalDate.ofInstant(Instant.ofEpochMilli(at), zone));
    }
}
