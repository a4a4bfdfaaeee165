package dev.leadflow.app.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** How good probabilities are against outcomes (docs/PREDICTIVE.md, "Evaluate"). */
public final class Metrics {

    /** Probabilities are clamped to this distance from 0 and 1 for the log loss. */
    static final double EPSILON = 1e-15;

    /** AUC, log loss and Brier score of one set of predictions. */
    public record Scores(double auc, double logLoss, double brier) {

        public static Scores of(double[] p, boolean[] y) {
            return new Scores(Metrics.auc(p, y), Metrics.logLoss(p, y), Metrics.brier(p, y));
        }
    }

    /** One calibration bin: the mean predicted probability, the observed rate and how many cycles. */
    public record Bin(double predicted, double observed, int count) {}

    private Metrics() {}

    /**
     * The area under the ROC curve: the chance that a positive is ranked above a negative, ties
     * counting half (the Mann–Whitney statistic); NaN without both classes.
     */
    public static double auc(double[] p, boolean[] y) {
        Integer[] order = new Integer[p.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && p[order[j + 1]] == p[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // the mean rank of the tied run
            for (int k = i; k <= j; k++) {
                if (y[order[k]]) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = p.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** The mean negative log-likelihood (natural log). */
    public static double logLoss(double[] p, boolean[] y) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - EPSILON, Math.max(EPSILON, p[i]));
            sum -= y[i] ? Math.log(q) : Math.log(1 - q);
        }
        return sum / p.length;
    }

    /** The mean squared difference between probability and outcome. */
    public static double brier(double[] p, boolean[] y) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - (y[i] ? 1 : 0);
            sum += d * d;
        }
        return sum / p.length;
    }

    /** A tenth of the cycles by falling probability: how many, the rate that reached the target, and its lift. */
    public record Decile(int decile, int cycles, double rate, double lift) {}

    /**
     * Lift by decile: the cycles sorted by falling probability (ties by position) in ten near-equal
     * groups; each group's observed rate over the overall rate. Empty without a positive.
     */
    public static List<Decile> liftByDecile(double[] p, boolean[] y) {
        int n = p.length;
        long positives = 0;
        for (boolean b : y) {
            positives += b ? 1 : 0;
        }
        if (n == 0 || positives == 0) {
            return List.of();
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        double overall = positives / (double) n;
        List<Decile> out = new ArrayList<>(10);
        for (int d = 0; d < 10; d++) {
            int from = (int) ((long) d * n / 10);
            int to = (int) ((long) (d + 1) * n / 10);
            if (to == from) {
                continue;
            }
            int hits = 0;
            for (int i = from; i < to; i++) {
                hits += y[order[i]] ? 1 : 0;
            }
            double rate = hits / (double) (to - from);
            out.add(new Decile(d + 1, to - from, rate, rate / overall));
        }
        return out;
    }

    /** Ten bins of equal width over [0, 1] (the last includes 1), empty ones left out. */
    public static List<Bin> calibration(double[] p, boolean[] y) {
        int bins = 10;
        double[] predicted = new double[bins];
        int[] positives = new int[bins];
        int[] counts = new int[bins];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, (int) Math.floor(p[i] * bins));
            predicted[b] += p[i];
            positives[b] += y[i] ? 1 : 0;
            counts[b]++;
        }
        List<Bin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (counts[b] > 0) {
                out.add(new Bin(predicted[b] / counts[b], positives[b] / (double) counts[b], counts[b]));
            }
        }
        return out;
    }

    /** The expected calibration error: the bins' |predicted − observed|, weighted by their counts. */
    public static double calibrationError(List<Bin> bins) {
        long n = bins.stream().mapToLong(Bin::count).sum();
        return n == 0
                ? Double.NaN
                : bins.stream()
                                .mapToDouble(b -> b.count() * Math.abs(b.predicted() - b.observed()))
                                .sum()
                        / n;
    }
}
