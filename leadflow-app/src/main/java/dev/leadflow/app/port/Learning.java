package dev.leadflow.app.port;

/**
 * The learning library (docs/PREDICTIVE.md, "Learner"): a logistic regression whose weights become
 * Leadflow's own artifact, and the naive Bayes and gradient-boosting baselines. Implementations are
 * deterministic: the same rows give the same fit.
 */
public interface Learning {

    /** An L2-regularised logistic regression of {@code rows} over {@code width} encoded features; {@code cost} is LibLinear's C. */
    LinearFit logistic(TrainingRows rows, int width, double cost);

    /** A multinomial naive Bayes of {@code rows} (non-negative values). */
    Scorer naiveBayes(TrainingRows rows);

    /** Gradient-boosted trees of {@code rows} (XGBoost), for comparison: not applied by the engine. */
    Scorer gradientBoosting(TrainingRows rows);

    /** A trained classifier's probability of the positive label for one sparse row. */
    @FunctionalInterface
    interface Scorer {
        double probability(int[] indices, double[] values);
    }

    /** A linear model: weights by encoded feature index and a bias. */
    final class LinearFit {
        private final double[] weights;
        private final double bias;

        public LinearFit(double[] weights, double bias) {
            this.weights = weights.clone();
            this.bias = bias;
        }

        public double[] weights() {
            return weights.clone();
        }

        public double bias() {
            return bias;
        }

        /** The logit of one sparse row. */
        public double logit(int[] indices, double[] values) {
            double z = bias;
            for (int i = 0; i < indices.length; i++) {
                z += weights[indices[i]] * values[i];
            }
            return z;
        }
    }
}
