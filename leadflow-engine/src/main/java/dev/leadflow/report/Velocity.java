package dev.leadflow.report;

import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How fast leads move (SPEC §5, velocity): the time spent in each stage, and from MQL to the first
 * sales touch, as medians and 90th percentiles. Computed from stored transitions and touches only.
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

    /** A lead's transitions (oldest first) and the instants of its sales touches. */
    public record LeadMoves(String leadId, List<Transition> transitions, List<Long> touches) {
        public LeadMoves {
            transitions = List.copyOf(transitions);
            touches = List.copyOf(touches);
        }
    }

    private Velocity() {
    }

    /** Time in each stage entered in {@code range}, for the stages a lead can leave (not visitor, not customer). */
    public static Map<Stage, Stats> timeInStage(Iterable<LeadMoves> leads, Funnel.Range range) {
        Map<Stage, List<Long>> stays = new EnumMap<>(Stage.class);
        Map<Stage, Integer> underWay = new EnumMap<>(Stage.class);
        for (LeadMoves lead : leads) {
            List<Transition> moves = lead.transitions();
            for (int i = 0; i < moves.size(); i++) {
                Transition in = moves.get(i);
                if (!range.holds(in.at()) || in.to() == Stage.CUSTOMER) {
                    continue;
                }
                if (i + 1 < moves.size()) {
                    stays.computeIfAbsent(in.to(), s -> new ArrayList<>()).add(moves.get(i + 1).at() - in.at());
                } else {
                    underWay.merge(in.to(), 1, Integer::sum);
                }
            }
        }
        Map<Stage, Stats> out = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            List<Long> l = stays.getOrDefault(s, List.of());
            int open = underWay.getOrDefault(s, 0);
            if (!l.isEmpty() || open > 0) {
                out.put(s, Stats.of(l.stream().mapToLong(Long::longValue).toArray(), open));
            }
        }
        return out;
    }

    /**
     * From each MQL entered in {@code range} to the first touch after it and before the lead left
     * the hand-off (MQL or SAL); an MQL never touched while in the hand-off counts as under way if
     * it is still there, else is left out (it was never touched).
     */
    public static Stats mqlToFirstTouch(Iterable<LeadMoves> leads, Funnel.Range range) {
        List<Long> waits = new ArrayList<>();
        int underWay = 0;
        for (LeadMoves lead : leads) {
            List<Transition> moves = lead.transitions();
            for (int i = 0; i < moves.size(); i++) {
                Transition mql = moves.get(i);
                if (mql.to() != Stage.MQL || !range.holds(mql.at())) {
                    continue;
                }
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
                    waits.add(first - mql.at());
                } else if (left == Long.MAX_VALUE) {
                    underWay++;
                }
            }
        }
        return Stats.of(waits.stream().mapToLong(Long::longValue).toArray(), underWay);
    }
}
