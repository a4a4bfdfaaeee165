package dev.leadflow.adapter.web;

import dev.leadflow.app.EvaluatePredictor;
import dev.leadflow.app.port.Models;
import dev.leadflow.app.predict.Evaluation;
import dev.leadflow.app.predict.Metrics;
import dev.leadflow.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The lab's predictive report (docs/PREDICTIVE.md, "The lab"): what the model in force predicts,
 * the artifact it applies, and the latest evaluation on the instance's own closed cycles: the
 * time-split AUC beside its baselines, the calibration plot and the lift by decile.
 */
final class PredictiveView {

    /** One figure of the report beside its baselines. */
    public record Figure(String name, String value, String baseline) {}

    /** A top factor: the level or bin, its mean contribution, over how many test cycles. */
    public record Factor(String factor, String contribution, int cycles) {}

    private PredictiveView() {}

    /** Puts the predictive entries of the model page into {@code page}. */
    static void put(
            Map<String, Object> page,
            Model model,
            Optional<Models.Trained> applied,
            Optional<EvaluatePredictor.Result> latest) {
        page.put("predictive", model.predictive().isPresent());
        page.put("target", model.predictive().map(p -> p.target().wireName()).orElse(""));
        page.put(
                "applied",
                model.predictor().isEmpty()
                        ? ""
                        : applied.map(t -> "version " + t.version() + ", trained " + Times.format(t.trainedAt())
                                        + " by " + t.trainedBy() + " on "
                                        + t.predictor().trained().cycles() + " closed cycles ("
                                        + t.predictor().trained().positives() + " reached "
                                        + t.predictor().trained().target().wireName() + ")")
                                .orElse(""));
        page.put("evaluationRefused", null);
        page.put("evaluation", null);
        latest.ifPresent(r -> {
            switch (r) {
                case EvaluatePredictor.Result.Refused f -> page.put("evaluationRefused", f.reason());
                case EvaluatePredictor.Result.Done d -> page.put("evaluation", report(d));
            }
        });
    }

    private static Map<String, Object> report(EvaluatePredictor.Result.Done done) {
        Evaluation.Report r = done.report();
        double[] p = r.predictions().stream()
                .mapToDouble(Evaluation.Prediction::probability)
                .toArray();
        boolean[] y = new boolean[p.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.predictions().get(i).outcome();
        }
        return Map.of(
                "at", Times.format(done.at()),
                "split",
                        "trained on the earliest " + r.train().cycles() + " closed cycles ("
                                + r.train().positives()
                                + " reached " + r.target() + "), tested on the latest "
                                + r.test().cycles() + " ("
                                + r.test().positives() + ")",
                "figures",
                        List.of(
                                new Figure(
                                        "AUC (time-split)",
                                        three(r.scores().auc()),
                                        "plain logistic regression "
                                                + three(r.plainLogistic().auc()) + " · naive Bayes "
                                                + three(r.naiveBayes().auc()) + " · XGBoost "
                                                + three(r.gradientBoosting().auc())),
                                new Figure(
                                        "log loss",
                                        three(r.scores().logLoss()),
                                        "base rate " + three(r.baseRate().logLoss())),
                                new Figure(
                                        "Brier score",
                                        three(r.scores().brier()),
                                        "base rate " + three(r.baseRate().brier())),
                                new Figure("calibration error", three(r.calibrationError()), "")),
                "calibrationChart", calibration(r.calibration()),
                "liftChart", lift(Metrics.liftByDecile(p, y)),
                "positive", factors(r.positiveFactors()),
                "negative", factors(r.negativeFactors()));
    }

    private static String calibration(List<Metrics.Bin> bins) {
        List<String> labels = new ArrayList<>();
        List<@Nullable Double> observed = new ArrayList<>();
        List<@Nullable Double> ideal = new ArrayList<>();
        for (Metrics.Bin b : bins) {
            labels.add(String.format(Locale.ROOT, "%.0f%% (%d)", 100 * b.predicted(), b.count()));
            observed.add(round(100 * b.observed()));
            ideal.add(round(100 * b.predicted()));
        }
        return LabView.json(new LabView.Chart(
                "line",
                labels,
                List.of(
                        new LabView.Dataset("observed %", observed, "#12805c", null, null),
                        new LabView.Dataset("predicted %", ideal, "#98a2b3", null, null)),
                true,
                null));
    }

    private static String lift(List<Metrics.Decile> deciles) {
        List<@Nullable Double> lifts = new ArrayList<>();
        deciles.forEach(d -> lifts.add(round(d.lift())));
        return LabView.json(new LabView.Chart(
                "bar",
                deciles.stream().map(d -> String.valueOf(d.decile())).toList(),
                List.of(new LabView.Dataset("lift", lifts, "#2f5bea", null, null)),
                false,
                null));
    }

    private static List<Factor> factors(List<Evaluation.TopFactor> factors) {
        return factors.stream()
                .map(f -> new Factor(f.factor(), String.format(Locale.ROOT, "%+.2f", f.contribution()), f.cycles()))
                .toList();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String three(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
