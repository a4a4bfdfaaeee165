package dev.leadflow.app.predict;

import dev.leadflow.app.port.Learning;
import dev.leadflow.app.port.TrainingRows;
import dev.leadflow.model.Model;
import dev.leadflow.predict.Encoder;
import dev.leadflow.predict.Features.Example;
import dev.leadflow.predict.Predictive;
import dev.leadflow.predict.Predictor;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a predictive artifact from closed cycles in MQL order (docs/PREDICTIVE.md, "Learner"): the
 * earliest {@value #FIT_SHARE_PERCENT}% fit an L2-regularised logistic regression at each of a few
 * strengths; the latest rest, a time-ordered validation slice, picks the strength that ranks it best
 * (AUC: a base rate drifting over time does not sway it) and fits a Platt calibration of that
 * regression's logit. The artifact is the regression refitted on every training cycle at that
 * strength, with that calibration: the latest cycles weigh in, as they matter most when rates drift.
 */
public final class Learner {

    /** LibLinear's C: small is strong regularisation, for small data. */
    static final double[] COSTS = {0.003, 0.01, 0.03, 0.1, 0.3, 1};

    static final int FIT_SHARE_PERCENT = 80;
    /** Practically no regularisation of the calibration's two parameters. */
    private static final double CALIBRATION_COST = 1e4;

    /** The result of training. */
    public sealed interface Result {
        /** An artifact, the strength chosen, and how the cycles were split. */
        record Trained(Predictor predictor, double cost, int fitCycles, int validationCycles) implements Result {}

        /** Too few closed cycles of a class: the reason, for people. */
        record TooFew(String reason) implements Result {}
    }

    private Learner() {}

    public static Result train(
            Learning learning, List<Example> examples, Model model, Predictive spec, long trainedAt) {
        long positives = examples.stream().filter(Example::positive).count();
        long negatives = examples.size() - positives;
        if (positives < spec.minOutcomes() || negatives < spec.minOutcomes()) {
            return new Result.TooFew(String.format(
                    "%,d closed cycles reached %s and %,d did not; predictive.min_outcomes needs %,d of each",
                    positives, spec.target().wireName(), negatives, spec.minOutcomes()));
        }
        int split = Math.max(1, examples.size() * FIT_SHARE_PERCENT / 100);
        List<Example> fit = examples.subList(0, split);
        List<Example> validation = examples.subList(split, examples.size());
        Encoder encoder =
                Encoder.fit(examples.stream().map(Example::features).toList(), spec, minLevel(examples.size()));
        if (encoder.width() == 0) {
            return new Result.TooFew("no feature tells the training cycles apart: every one of them looked the same");
        }
        TrainingRows fitRows = rows(encoder, fit);
        TrainingRows validationRows = rows(encoder, validation);
        Candidate best =
                calibrate(learning, learning.logistic(fitRows, encoder.width(), COSTS[0]), validationRows, COSTS[0]);
        for (int i = 1; i < COSTS.length; i++) {
            Candidate c = calibrate(
                    learning, learning.logistic(fitRows, encoder.width(), COSTS[i]), validationRows, COSTS[i]);
            if (c.auc() > best.auc()) {
                best = c;
            }
        }
        Learning.LinearFit all = learning.logistic(rows(encoder, examples), encoder.width(), best.cost());
        Predictor predictor = new Predictor(
                encoder,
                all.weights(),
                all.bias(),
                best.slope(),
                best.intercept(),
                new Predictor.Trained(spec.target(), examples.size(), (int) positives, model.id(), trainedAt));
        return new Result.Trained(predictor, best.cost(), fit.size(), validation.size());
    }

    /** A text level is kept when this many fitting cycles have it: 5, or 0.2% of them when more. */
    static int minLevel(int cycles) {
        return Math.max(5, (int) Math.ceil(cycles * 0.002));
    }

    private record Candidate(double cost, double slope, double intercept, double auc) {}

    /** Platt scaling on the validation slice: {@code σ(slope · logit + intercept)}; none when it lacks a class. */
    private static Candidate calibrate(Learning learning, Learning.LinearFit f, TrainingRows validation, double cost) {
        int n = validation.labels().size();
        double[] logits = new double[n];
        boolean[] y = new boolean[n];
        List<int[]> idx = new ArrayList<>(n);
        List<double[]> val = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            logits[i] = f.logit(validation.indices().get(i), validation.values().get(i));
            y[i] = validation.labels().get(i);
            idx.add(new int[] {0});
            val.add(new double[] {logits[i]});
        }
        double slope = 1;
        double intercept = 0;
        boolean both = validation.labels().contains(true) && validation.labels().contains(false);
        if (both) {
            Learning.LinearFit platt =
                    learning.logistic(new TrainingRows(idx, val, validation.labels()), 1, CALIBRATION_COST);
            slope = platt.weights()[0];
            intercept = platt.bias();
        }
        double auc = Metrics.auc(logits, y);
        return new Candidate(cost, slope, intercept, Double.isNaN(auc) ? 0 : auc);
    }

    static TrainingRows rows(Encoder encoder, List<Example> examples) {
        List<int[]> idx = new ArrayList<>(examples.size());
        List<double[]> val = new ArrayList<>(examples.size());
        List<Boolean> labels = new ArrayList<>(examples.size());
        for (Example e : examples) {
            Encoder.Sparse s = encoder.sparse(e.features());
            idx.add(s.indices());
            val.add(s.values());
            labels.add(e.positive());
        }
        return new TrainingRows(idx, val, labels);
    }
}
