package dev.leadflow.report;

import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How fast leads move (velocity in README.md): the time spent in each stage, from MQL to the first
 * sales touch and from MQL to won, as medians and 90th percentiles, in all or per slice (each
 * stay in the slice of its cycle). Computed from stored transitions and touches only.
 *
 * <p>A stay counts once it has ended (the lead moved on), in the range by the time it began; a
 * stay still under way has no length yet and is left out (the report says how many). Percentiles
 * are nearest-rank: the smallest value with at least that share of the values at or below it.
 */
public final class Velocity {

    /** Lengths of a set of stays: how many, their median and 90th percentile, and how many are still under way. */
    public record Stats(
            int count, @Nullable Duration median, @Nullable Duration p90, int underWay) {

        static Stats of(long[] millis, int underWay) {
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            return sorted(sorted, sorted.length, underWay);
        }

        /** The stats of {@code sorted[0, count)}, sorted. */
        private static Stats sorted(long[] sorted, int count, int underWay) {
            if (count == 0) {
                return new Stats(0, null, null, underWay);
            }
            return new Stats(
                    count,
                    Duration.ofMillis(rank(sorted, count, 0.5)),
                    Duration.ofMillis(rank(sorted, count, 0.9)),
                    underWay);
        }

        private static long rank(long[] sorted, int count, double share) {
            int index = (int) Math.ceil(share * count) - 1;
            return sorted[Math.max(0, index)];
        }
    }

    /** A lead's transitions (oldest first), the instants of its sales touches, and a slice value per cycle. */
    public record LeadMoves(String leadId, List<Transition> transitions, List<Long> touches, Funnel.CycleSlice slice) {
        public LeadMoves {
            transitions = List.copyOf(transitions);
            touches = List.copyOf(touches);
            Objects.requireNonNull(slice, "slice");
        }

        /** Unsliced. */
        public LeadMoves(String leadId, List<Transition> transitions, List<Long> touches) {
            this(leadId, transitions, touches, Funnel.CycleSlice.NONE);
        }
    }

    private Velocity() {}

    /** The three measures per slice, as {@link #bySlice} computes them in one walk. */
    public record BySlice(
            Map<String, Map<Stage, Stats>> timeInStage,
            Map<String, Stats> mqlToFirstTouch,
            Map<String, Stats> mqlToCustomer) {}

    /** The measures per slice, and over all slices (what an unsliced report gives: one slice "all"). */
    public record WithTotal(BySlice slices, BySlice total) {}

    /**
     * {@link #timeInStageBySlice}, {@link #mqlToFirstTouchBySlice} and {@link #mqlToCustomerBySlice}
     * from one walk over the leads (a report shows all three; each lead is read once).
     */
    public static BySlice bySlice(Iterable<LeadMoves> leads, Funnel.Range range) {
        Measures slices = new Measures();
        walk(leads, range, slices, null);
        return slices.stats();
    }

    /** {@link #bySlice}, and the same measures unsliced, from one walk over the leads. */
    public static WithTotal bySliceWithTotal(Iterable<LeadMoves> leads, Funnel.Range range) {
        Measures slices = new Measures();
        Measures total = new Measures();
        walk(leads, range, slices, total);
        return new WithTotal(slices.stats(), total.stats());
    }

    /**
     * Measures what each transition in {@code range} begins into its cycle's slice, and into
     * {@code total} (may be null) as {@link #ALL}.
     */
    private static void walk(Iterable<LeadMoves> leads, Funnel.Range range, Measures slices, @Nullable Measures total) {
        for (LeadMoves lead : leads) {
            List<Transition> moves = lead.transitions();
            for (int i = 0; i < moves.size(); i++) {
                Transition in = moves.get(i);
                if (range.holds(in.at()) && in.to() != Stage.CUSTOMER) { // a customer stays: nothing to measure
                    slices.measure(lead, i, lead.slice().of(lead.leadId(), in.cycle()));
                    if (total != null) {
                        total.measure(lead, i, ALL);
                    }
                }
            }
        }
    }

    /** Time in each stage entered in {@code range}, for the stages a lead can leave (not visitor, not customer). */
    public static Map<Stage, Stats> timeInStage(Iterable<LeadMoves> leads, Funnel.Range range) {
        return timeInStageBySlice(unsliced(leads), range).getOrDefault(ALL, Map.of());
    }

    /** {@link #timeInStage} per slice (each stay in the slice of its cycle), sorted by slice. */
    public static Map<String, Map<Stage, Stats>> timeInStageBySlice(Iterable<LeadMoves> leads, Funnel.Range range) {
        return bySlice(leads, range).timeInStage();
    }

    /** The stay begun by {@code moves.get(i)}: until the next transition, or under way. */
    private static void stay(List<Transition> moves, int i, Lengths lengths) {
        if (i + 1 < moves.size()) {
            lengths.add(moves.get(i + 1).at() - moves.get(i).at());
        } else {
            lengths.addUnderWay();
        }
    }

    /**
     * From each MQL entered in {@code range} to the first touch after it and before the lead left
     * the hand-off (MQL or SAL); an MQL never touched while in the hand-off counts as under way if
     * it is still there, else is left out (it was never touched).
     */
    public static Stats mqlToFirstTouch(Iterable<LeadMoves> leads, Funnel.Range range) {
        return mqlToFirstTouchBySlice(unsliced(leads), range).getOrDefault(ALL, Stats.of(new long[0], 0));
    }

    /** {@link #mqlToFirstTouch} per slice of the MQL's cycle, sorted by slice. */
    public static Map<String, Stats> mqlToFirstTouchBySlice(Iterable<LeadMoves> leads, Funnel.Range range) {
        return bySlice(leads, range).mqlToFirstTouch();
    }

    /** The MQL {@code moves.get(i)} to the first touch at or after it, at or before the lead left MQL and SAL. */
    private static void firstTouch(List<Long> touches, List<Transition> moves, int i, Lengths lengths) {
        long mql = moves.get(i).at();
        long left = Long.MAX_VALUE; // when the lead left MQL and SAL
        for (int j = i + 1; j < moves.size() && left == Long.MAX_VALUE; j++) {
            if (moves.get(j).to() != Stage.SAL) {
                left = moves.get(j).at();
            }
        }
        boolean touched = false;
        long first = Long.MAX_VALUE;
        for (int j = 0; j < touches.size(); j++) {
            long t = touches.get(j);
            if (t >= mql && t <= left) {
                touched = true;
                first = Math.min(first, t);
            }
        }
        if (touched) {
            lengths.add(first - mql);
        } else if (left == Long.MAX_VALUE) {
            lengths.addUnderWay();
        }
    }

    /**
     * From each MQL entered in {@code range} to winning the customer in the same cycle (the sales
     * cycle, e.g. "median days from first contact to won"); a cycle still in the funnel (MQL to
     * opportunity) counts as under way; one recycled or disqualified is left out (never won).
     */
    public static Map<String, Stats> mqlToCustomerBySlice(Iterable<LeadMoves> leads, Funnel.Range range) {
        return bySlice(leads, range).mqlToCustomer();
    }

    /** The MQL {@code moves.get(i)} to its cycle's last transition, if that won the customer. */
    private static void toCustomer(List<Transition> moves, int i, Lengths lengths) {
        Transition mql = moves.get(i);
        int last = i;
        while (last + 1 < moves.size() && moves.get(last + 1).cycle() == mql.cycle()) {
            last++;
        }
        Stage end = moves.get(last).to();
        if (end == Stage.CUSTOMER) {
            lengths.add(moves.get(last).at() - mql.at());
        } else if (IN_FUNNEL.contains(end) && last == moves.size() - 1) {
            lengths.addUnderWay();
        }
    }

    /** The slice of every unsliced report. */
    static final String ALL = Funnel.CycleSlice.NONE.of("", 0);

    private static final Set<Stage> IN_FUNNEL = EnumSet.of(Stage.MQL, Stage.SAL, Stage.SQL, Stage.OPPORTUNITY);

    private static List<LeadMoves> unsliced(Iterable<LeadMoves> leads) {
        List<LeadMoves> out = new ArrayList<>();
        leads.forEach(l -> out.add(
                l.slice() == Funnel.CycleSlice.NONE ? l : new LeadMoves(l.leadId(), l.transitions(), l.touches())));
        return out;
    }

    /** The lengths of each measure per slice, as a walk adds them. */
    private static final class Measures {
        private final Map<String, Map<Stage, Lengths>> inStage = new TreeMap<>();
        private final Map<String, Lengths> firstTouch = new TreeMap<>();
        private final Map<String, Lengths> toCustomer = new TreeMap<>();
        /** The stays of the slice measured last: leads after leads fall in the same few slices. */
        private @Nullable String lastSlice;

        private @Nullable Map<Stage, Lengths> lastStays;

        /** Measures what {@code lead.transitions().get(i)} begins, in {@code slice}. */
        @SuppressWarnings(
                "ReferenceEquality") // a cache of the last slice's row: another equal string only looks it up again
        void measure(LeadMoves lead, int i, String slice) {
            List<Transition> moves = lead.transitions();
            Map<Stage, Lengths> stays = lastStays;
            if (stays == null || slice != lastSlice) {
                stays = inStage.computeIfAbsent(slice, k -> new EnumMap<>(Stage.class));
                lastStays = stays;
                lastSlice = slice;
            }
            stay(moves, i, stays.computeIfAbsent(moves.get(i).to(), k -> new Lengths()));
            if (moves.get(i).to() == Stage.MQL) {
                Velocity.firstTouch(lead.touches(), moves, i, firstTouch.computeIfAbsent(slice, k -> new Lengths()));
                Velocity.toCustomer(moves, i, toCustomer.computeIfAbsent(slice, k -> new Lengths()));
            }
        }

        BySlice stats() {
            Map<String, Map<Stage, Stats>> stays = new TreeMap<>();
            inStage.forEach((slice, stages) -> {
                Map<Stage, Stats> stats = new EnumMap<>(Stage.class);
                stages.forEach((stage, l) -> stats.put(stage, l.stats()));
                stays.put(slice, stats);
            });
            return new BySlice(stays, stats(firstTouch), stats(toCustomer));
        }

        private static Map<String, Stats> stats(Map<String, Lengths> bySlice) {
            Map<String, Stats> out = new TreeMap<>();
            bySlice.forEach((slice, l) -> out.put(slice, l.stats()));
            return out;
        }
    }

    /** Lengths of ended stays and a count of those under way. */
    private static final class Lengths {
        private long[] millis = new long[8];
        private int size;
        private int underWay;

        void add(long length) {
            if (size == millis.length) {
                millis = Arrays.copyOf(millis, size * 2);
            }
            millis[size++] = length;
        }

        void addUnderWay() {
            underWay++;
        }

        Stats stats() {
            Arrays.sort(millis, 0, size);
            return Stats.sorted(millis, size, underWay);
        }
    }
}
