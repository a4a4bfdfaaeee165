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

/**
 * How fast leads move (SPEC §5, velocity): the time spent in each stage, from MQL to the first
 * sales touch and from MQL to won, as medians and 90th percentiles, in all or per slice (each
 * stay in the slice of its cycle). Computed from stored transitions and touches only.
 *
 * <p>A stay counts once it has ended (the lead moved on), in the range by the time it began; a
 * stay still under way has no length yet and is left out (the report says how many). Percentiles
 * are nearest-rank: the smallest value with at least that share of the values at or below it.
 */
public final class Velocity {

    /** Lengths of a set of stays: how many, their median and 90th percentile, and how many are still under way. */
    public record Stats(int count, Duration median, Duration p90, int underWay) {

        static Stats of(long[] millis, int underWay) {
            if (millis.length == 0) {
                return new Stats(0, null, null, underWay);
            }
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            return new Stats(sorted.length, Duration.ofMillis(rank(sorted, 0.5)), Duration.ofMillis(rank(sorted, 0.9)),
                    underWay);
        }

        private static long rank(long[] sorted, double share) {
            int index = (int) Math.ceil(share * sorted.length) - 1;
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

    private Velocity() {
    }

    /** Time in each stage entered in {@code range}, for the stages a lead can leave (not visitor, not customer). */
    public static Map<Stage, Stats> timeInStage(Iterable<LeadMoves> leads, Funnel.Range range) {
        return timeInStageBySlice(unsliced(leads), range).getOrDefault(ALL, Map.of());
    }

    /** {@link #timeInStage} per slice (each stay in the slice of its cycle), sorted by slice. */
    public static Map<String, Map<Stage, Stats>> timeInStageBySlice(Iterable<LeadMoves> leads, Funnel.Range range) {
        Map<String, Map<Stage, Lengths>> bySlice = new TreeMap<>();
        for (LeadMoves lead : leads) {
            List<Transition> moves = lead.transitions();
            for (int i = 0; i < moves.size(); i++) {
                Transition in = moves.get(i);
                if (!range.holds(in.at()) || in.to() == Stage.CUSTOMER) {
                    continue;
                }
                Lengths l = bySlice.computeIfAbsent(lead.slice().of(lead.leadId(), in.cycle()),
                        k -> new EnumMap<>(Stage.class)).computeIfAbsent(in.to(), k -> new Lengths());
                l.add(i + 1 < moves.size() ? moves.get(i + 1).at() - in.at() : null);
            }
        }
        Map<String, Map<Stage, Stats>> out = new TreeMap<>();
        bySlice.forEach((slice, stages) -> {
            Map<Stage, Stats> stats = new EnumMap<>(Stage.class);
            stages.forEach((stage, l) -> stats.put(stage, l.stats()));
            out.put(slice, stats);
        });
        return out;
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
        return perMql(leads, range, (lead, moves, i, lengths) -> {
            Transition mql = moves.get(i);
            long left = Long.MAX_VALUE; // when the lead left MQL and SAL
            for (int j = i + 1; j < moves.size() && left == Long.MAX_VALUE; j++) {
                if (moves.get(j).to() != Stage.SAL) {
                    left = moves.get(j).at();
                }
            }
            long end = left;
            long first = lead.touches().stream().mapToLong(Long::longValue)
                    .filter(t -> t >= mql.at() && t <= end).min().orElse(Long.MIN_VALUE);
            if (first != Long.MIN_VALUE) {
                lengths.add(first - mql.at());
            } else if (left == Long.MAX_VALUE) {
                lengths.add(null);
            }
        });
    }

    /**
     * From each MQL entered in {@code range} to winning the customer in the same cycle (the sales
     * cycle, e.g. "median days from first contact to won"); a cycle still in the funnel (MQL to
     * opportunity) counts as under way; one recycled or disqualified is left out (never won).
     */
    public static Map<String, Stats> mqlToCustomerBySlice(Iterable<LeadMoves> leads, Funnel.Range range) {
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
        /** {@code moves.get(i)} entered MQL in the range; {@code lengths} are its slice's. */
        void visit(LeadMoves lead, List<Transition> moves, int i, Lengths lengths);
    }

    /** Visits each entry into MQL in {@code range} with the lengths of its cycle's slice; their stats by slice. */
    private static Map<String, Stats> perMql(Iterable<LeadMoves> leads, Funnel.Range range, MqlVisitor visitor) {
        Map<String, Lengths> bySlice = new TreeMap<>();
        for (LeadMoves lead : leads) {
            List<Transition> moves = lead.transitions();
            for (int i = 0; i < moves.size(); i++) {
                Transition mql = moves.get(i);
                if (mql.to() == Stage.MQL && range.holds(mql.at())) {
                    visitor.visit(lead, moves, i, bySlice.computeIfAbsent(lead.slice().of(lead.leadId(), mql.cycle()),
                            k -> new Lengths()));
                }
            }
        }
        return stats(bySlice);
    }

    /** The slice of every unsliced report. */
    static final String ALL = Funnel.CycleSlice.NONE.of("", 0);

    private static final Set<Stage> IN_FUNNEL = EnumSet.of(Stage.MQL, Stage.SAL, Stage.SQL, Stage.OPPORTUNITY);

    private static List<LeadMoves> unsliced(Iterable<LeadMoves> leads) {
        List<LeadMoves> out = new ArrayList<>();
        leads.forEach(l -> out.add(l.slice() == Funnel.CycleSlice.NONE ? l
                : new LeadMoves(l.leadId(), l.transitions(), l.touches())));
        return out;
    }

    private static Map<String, Stats> stats(Map<String, Lengths> bySlice) {
        Map<String, Stats> out = new TreeMap<>();
        bySlice.forEach((slice, l) -> out.put(slice, l.stats()));
        return out;
    }

    /** Lengths of ended stays and a count of those under way. */
    private static final class Lengths {
        private long[] millis = new long[8];
        private int size;
        private int underWay;

        /** Adds a length, or one under way when null. */
        void add(Long length) {
            if (length == null) {
                underWay++;
                return;
            }
            if (size == millis.length) {
                millis = Arrays.copyOf(millis, size * 2);
            }
            millis[size++] = length;
        }

        Stats stats() {
            return Stats.of(Arrays.copyOf(millis, size), underWay);
        }
    }
}
