package dev.leadflow.scoring;

import dev.leadflow.model.Condition;
import dev.leadflow.model.Engagement;
import dev.leadflow.model.Score;
import java.util.Arrays;
import java.util.stream.DoubleStream;

/**
 * When will decay end an MQL? Computed in closed form, not by a sweep.
 *
 * <p>Between two records only engagement changes, and it is one exponential
 * {@code E(t) = E0 · 2^(-(t - t0)/halfLife)}: each comparison of engagement with a threshold
 * {@code c} can flip at most once, at {@code t0 + halfLife · log2(E0/c)}. The criteria are constant
 * between those instants, so the first millisecond at which they are false is found by testing the
 * (few) flip instants in order. The result is exact to the millisecond: the criteria hold at
 * {@code expiry - 1} and fail at {@code expiry}.
 */
public final class ExpiryTimer {

    private ExpiryTimer() {}

    /**
     * The first instant after {@code now} at which {@code criteria} stop holding through decay alone,
     * or {@link Long#MAX_VALUE} when they hold now and never stop (or do not hold now).
     * {@code thresholds} are {@link #engagementThresholds(Condition)} of the criteria, computed once;
     * {@code priorCycles} is what the probability reads (held between records, so decay alone does
     * not move it).
     */
    public static long next(
            Condition criteria,
            double[] thresholds,
            ScoringState scoring,
            Engagement engagement,
            long now,
            int priorCycles) {
        if (engagement.halfLifeMillis() == Engagement.NO_DECAY || !holds(criteria, scoring, now, priorCycles)) {
            return Long.MAX_VALUE;
        }
        long anchor = scoring.lastMatchAt();
        if (anchor == Long.MIN_VALUE) {
            return Long.MAX_VALUE;
        }
        double e0 = scoring.engagementAt(anchor);
        double[] candidates = new double[2 * thresholds.length];
        int n = 0;
        for (double threshold : thresholds) {
            double ratio = e0 / threshold;
            if (ratio >= 1) {
                double at = Math.ceil(anchor + engagement.halfLifeMillis() * (Math.log(ratio) / Math.log(2)));
                candidates[n++] = at;
                candidates[n++] = at + 1;
            }
        }
        candidates = Arrays.copyOf(candidates, n);
        Arrays.sort(candidates);
        for (double c : candidates) {
            long t = (long) c;
            if (t <= now || holds(criteria, scoring, t, priorCycles)) {
                continue;
            }
            // guard against rounding in the closed form: step back to the first failing millisecond
            for (int i = 0; i < 1000 && t - 1 > now && !holds(criteria, scoring, t - 1, priorCycles); i++) {
                t--;
            }
            return t;
        }
        return Long.MAX_VALUE;
    }

    /** The thresholds that the engagement comparisons in {@code criteria} test against. */
    public static double[] engagementThresholds(Condition criteria) {
        DoubleStream.Builder out = DoubleStream.builder();
        criteria.forEachComparison(comparison -> {
            if (comparison.subject() instanceof Condition.ScoreSubject s && s.score() == Score.ENGAGEMENT) {
                for (double t : comparison.predicate().thresholds()) {
                    out.add(t);
                }
            }
        });
        return out.build().distinct().toArray();
    }

    private static boolean holds(Condition criteria, ScoringState scoring, long at, int priorCycles) {
        return criteria.test(scoring.facts(null, at, priorCycles));
    }
}
