package dev.leadflow.model;

import dev.leadflow.predict.Predictive;
import dev.leadflow.predict.Predictor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated, compiled scoring and lifecycle model (docs/MODEL.md). Immutable and thread-safe; built
 * only by {@link ModelParser}.
 *
 * @param name      the model's name
 * @param version   the model's version: the YAML's {@code version}, or a hash of its text
 * @param fit       fit rules, in model order
 * @param engagement engagement rules and decay
 * @param lifecycle conversions, MQL criteria, fast lane, cool-down, expiry
 * @param grades    the grade matrix, if the model has one
 * @param predictive how the probability is learned, if the model has one
 * @param predictor  the trained artifact that gives the probability, once one is attached
 *                   ({@link #withPredictor}); it is stored and versioned beside the model's text
 */
public record Model(
        String name,
        String version,
        List<FitRule> fit,
        Engagement engagement,
        LifecycleRules lifecycle,
        Optional<Grades> grades,
        Optional<Predictive> predictive,
        Optional<Predictor> predictor) {

    public Model {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        fit = List.copyOf(fit);
        Objects.requireNonNull(engagement, "engagement");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(grades, "grades");
        Objects.requireNonNull(predictive, "predictive");
        Objects.requireNonNull(predictor, "predictor");
        if (predictor.isPresent() && predictive.isEmpty()) {
            throw new IllegalArgumentException("a predictor needs the model's predictive section");
        }
    }

    /** This model giving {@code predictor}'s probability (empty: none). */
    public Model withPredictor(Optional<Predictor> predictor) {
        return new Model(name, version, fit, engagement, lifecycle, grades, predictive, predictor);
    }

    /** {@code name@version}, recorded with every score. */
    public String id() {
        return name + "@" + version;
    }
}
