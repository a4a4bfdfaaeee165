package dev.leadflow.app.predict;

import dev.leadflow.app.port.Learning;
import dev.leadflow.app.port.TrainingRows;
import dev.leadflow.model.Model;
import dev.leadflow.predict.Encoder;
import dev.leadflow.predict.Features.Example;
import dev.leadflow.predict.Predictive;
import dev.leadflow.predict.Predictor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code predict evaluate} (docs/PREDICTIVE.md, "Evaluate"): the closed cycles in MQL order, the
 * earliest trained on, the latest share predicted as of their MQL instants, and the predictions
 * scored beside three baselines on the same split: the base rate, a plain logistic regression
 * (LibLinear's default strength, no calibration) and naive Bayes.
 */
public final class Evaluation {

    /** A share of the cycles: how many, how many positive. */
    public record Split(int cycles, int positives) {}

    /** One test cycle's prediction and what happened. */
    public record Prediction(String lead, int cycle, long mqlAt, double probability, boolean outcome) {}

    /** A factor's mean contribution to the logit over the test cycles that have it. */
    public record TopFactor(String factor, double contribution, int cycles) {}

    /** The evaluation. */
    public record Report(
            String target,
            Split train,
            Split test,
            int open,
            Metrics.Scores scores,
            List<Metrics.Bin> calibration,
            double calibrationError,
            Metrics.Scores baseRate,
            Metrics.Scores plainLogistic,
            Metrics.Scores naiveBayes,
            Metrics.Scores gradientBoosting,
            double cost,
            List<TopFactor> positiveFactors,
            List<TopFactor> negativeFactors,
            List<Prediction> predictions) {}

    /** The result: a report, or why there is none. */
    public sealed interface Result {
        record Done(Report report) implements Result {}

        record TooFew(String reason) implements Result {}
    }

    private static final int TOP = 8;

    private Evaluation() {}

    /**
     * Evaluates on {@code examples} (closed cycles in MQL order; {@code open} more still open): the
     * latest {@code holdout} share is the test, the rest (or only its earliest {@code trainCycles})
     * the training.
     */
    public static Result run(
            Learning learning,
            List<Example> examples,
            int open,
            Model model,
            Predictive spec,
            double holdout,
            OptionalInt trainCycles) {
        int testSize = (int) Math.round(examples.size() * holdout);
        int trainEnd = examples.size() - testSize;
        List<Example> train = examples.subList(0, Math.min(trainEnd, trainCycles.orElse(trainEnd)));
        List<Example> test = examples.subList(trainEnd, examples.size());
        if (test.isEmpty()) {
            return new Result.TooFew("no closed cycles to test on: " + examples.size() + " in all");
        }
        return switch (Learner.train(learning, train, model, spec, 0)) {
            case Learner.Result.TooFew t -> new Result.TooFew(t.reason());
            case Learner.Result.Trained t -> new Result.Done(report(learning, train, test, open, spec, t));
        };
    }

    private static Report report(
            Learning learning,
            List<Example> train,
            List<Example> test,
            int open,
            Predictive spec,
            Learner.Result.Trained t) {
        Predictor predictor = t.predictor();
        double[] p = new double[test.size()];
        boolean[] y = new boolean[test.size()];
        List<Prediction> predictions = new ArrayList<>(test.size());
        Map<String, double[]> factors = new HashMap<>();
        for (int i = 0; i < test.size(); i++) {
            Example e = test.get(i);
            Predictor.Explanation x = predictor.explain(e.features());
            p[i] = x.probability();
            y[i] = e.positive();
            predictions.add(new Prediction(e.leadId(), e.cycle(), e.mqlAt(), p[i], y[i]));
            for (Predictor.Factor f : x.factors()) {
                double[] sum = factors.computeIfAbsent(f.group(), k -> new double[2]);
                sum[0] += f.contribution();
                sum[1]++;
            }
        }
        List<Metrics.Bin> bins = Metrics.calibration(p, y);
        return new Report(
                spec.target().wireName(),
                split(train),
                split(test),
                open,
                Metrics.Scores.of(p, y),
                bins,
                Metrics.calibrationError(bins),
                baseRate(train, y),
                plainLogistic(learning, predictor.encoder(), train, test, y),
                naiveBayes(learning, predictor.encoder(), train, test, y),
                gradientBoosting(learning, predictor.encoder(), train, test, y),
                t.cost(),
                top(factors, test.size(), true),
                top(factors, test.size(), false),
                predictions);
    }

    private static Split split(List<Example> examples) {
        return new Split(examples.size(), (int)
                examples.stream().filter(Example::positive).count());
    }

    /** Every test cycle given the training's positive rate. */
    private static Metrics.Scores baseRate(List<Example> train, boolean[] y) {
        double rate = split(train).positives() / (double) train.size();
        double[] p = new double[y.length];
        Arrays.fill(p, rate);
        return Metrics.Scores.of(p, y);
    }

    private static Metrics.Scores plainLogistic(
            Learning learning, Encoder encoder, List<Example> train, List<Example> test, boolean[] y) {
        Learning.LinearFit f = learning.logistic(Learner.rows(encoder, train), encoder.width(), 1.0);
        TrainingRows rows = Learner.rows(encoder, test);
        double[] p = new double[y.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = 1
                    / (1
                            + Math.exp(-f.logit(
                                    rows.indices().get(i), rows.values().get(i))));
        }
        return Metrics.Scores.of(p, y);
    }

    private static Metrics.Scores naiveBayes(
            Learning learning, Encoder encoder, List<Example> train, List<Example> test, boolean[] y) {
        Bins bins = Bins.of(encoder, train);
        Learning.Scorer nb = learning.naiveBayes(bins.rows(train));
        TrainingRows rows = bins.rows(test);
        double[] p = new double[y.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = nb.probability(rows.indices().get(i), rows.values().get(i));
        }
        return Metrics.Scores.of(p, y);
    }

    /** XGBoost over the same encoded rows (numbers, their bins, levels), for comparison with the artifact. */
    private static Metrics.Scores gradientBoosting(
            Learning learning, Encoder encoder, List<Example> train, List<Example> test, boolean[] y) {
        Learning.Scorer xgb = learning.gradientBoosting(Learner.rows(encoder, train));
        TrainingRows rows = Learner.rows(encoder, test);
        double[] p = new double[y.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = xgb.probability(rows.indices().get(i), rows.values().get(i));
        }
        return Metrics.Scores.of(p, y);
    }

    /** The factors with the largest mean contribution of one sign, among those that at least 1% of test cycles have. */
    private static List<TopFactor> top(Map<String, double[]> factors, int cycles, boolean positive) {
        double floor = Math.max(1, cycles * 0.01);
        return factors.entrySet().stream()
                .filter(e -> e.getValue()[1] >= floor)
                .map(e -> new TopFactor(e.getKey(), e.getValue()[0] / e.getValue()[1], (int) e.getValue()[1]))
                .filter(f -> positive ? f.contribution() > 0 : f.contribution() < 0)
                .sorted(Comparator.comparingDouble((TopFactor f) -> positive ? -f.contribution() : f.contribution())
                        .thenComparing(TopFactor::factor))
                .limit(TOP)
                .toList();
    }
}
