package dev.leadflow.adapter.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.leadflow.app.predict.Evaluation;
import dev.leadflow.app.predict.Metrics;
import java.util.List;

/** {@code predict evaluate}'s report as JSON (docs/PREDICTIVE.md, "Evaluate"), one line, keys in snake_case. */
public final class PredictiveJson {

    private static final ObjectMapper JSON = Json.mapper()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private PredictiveJson() {}

    /** The mapper of the predict commands' output: keys in snake_case. */
    public static ObjectMapper mapper() {
        return JSON;
    }

    record Baselines(
            Metrics.Scores baseRate,
            Metrics.Scores logisticRegression,
            Metrics.Scores naiveBayes,
            Metrics.Scores xgboost) {}

    record Factors(List<Evaluation.TopFactor> positive, List<Evaluation.TopFactor> negative) {}

    record Out(
            String target,
            Evaluation.Split train,
            Evaluation.Split test,
            int openCycles,
            double auc,
            double logLoss,
            double brier,
            List<Metrics.Bin> calibration,
            double calibrationError,
            Baselines baselines,
            double regularisationC,
            Factors topFactors) {}

    public static String write(Evaluation.Report r) {
        Out out = new Out(
                r.target(),
                r.train(),
                r.test(),
                r.open(),
                r.scores().auc(),
                r.scores().logLoss(),
                r.scores().brier(),
                r.calibration(),
                r.calibrationError(),
                new Baselines(r.baseRate(), r.plainLogistic(), r.naiveBayes(), r.gradientBoosting()),
                r.cost(),
                new Factors(r.positiveFactors(), r.negativeFactors()));
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an evaluation's records always write", e);
        }
    }
}
