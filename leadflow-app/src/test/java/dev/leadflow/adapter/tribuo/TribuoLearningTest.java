package dev.leadflow.adapter.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.leadflow.app.port.Learning;
import dev.leadflow.app.port.TrainingRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;

@DisplayName("Tribuo's learners, read out into Leadflow's own weights")
class TribuoLearningTest {

    /** Rows over 6 features where features 0 and 3 raise the odds and 4 lowers them; feature 5 never occurs. */
    static TrainingRows rows(int n, long seed) {
        Random r = new Random(seed);
        List<int[]> idx = new ArrayList<>();
        List<double[]> val = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Integer> on = new ArrayList<>();
            List<Double> v = new ArrayList<>();
            double z = -1;
            for (int f = 0; f < 5; f++) {
                if (r.nextBoolean()) {
                    double x = f == 1 ? Math.abs(r.nextGaussian()) : 1.0;
                    on.add(f);
                    v.add(x);
                    z += switch (f) {
                        case 0 -> 1.5;
                        case 3 -> 0.8;
                        case 4 -> -1.2;
                        default -> 0;
                    };
                }
            }
            idx.add(on.stream().mapToInt(Integer::intValue).toArray());
            val.add(v.stream().mapToDouble(Double::doubleValue).toArray());
            y.add(r.nextDouble() < 1 / (1 + Math.exp(-z)));
        }
        return new TrainingRows(idx, val, y);
    }

    @Test
    @DisplayName("the read-out weights give Tribuo's own probabilities, and the right signs")
    void readOut() {
        TrainingRows rows = rows(2000, 1);
        LibLinearClassificationModel model = TribuoLearning.model(rows, 1.0);
        Learning.LinearFit fit = TribuoLearning.weights(model, 6);

        for (int i = 0; i < 200; i++) {
            int[] idx = rows.indices().get(i);
            double[] val = rows.values().get(i);
            double ours = 1 / (1 + Math.exp(-fit.logit(idx, val)));
            assertThat(ours).isCloseTo(TribuoLearning.tribuoProbability(model, idx, val), within(1e-9));
        }
        double[] w = fit.weights();
        assertThat(w[0]).isGreaterThan(1.0);
        assertThat(w[3]).isGreaterThan(0.4);
        assertThat(w[4]).isLessThan(-0.8);
        assertThat(w[5]).isZero();
    }

    @Test
    @DisplayName("the same rows give the same weights")
    void deterministic() {
        Learning learning = new TribuoLearning();
        assertThat(learning.logistic(rows(500, 2), 6, 0.3).weights())
                .containsExactly(learning.logistic(rows(500, 2), 6, 0.3).weights());
    }

    @Test
    @DisplayName("naive Bayes ranks the rows it learned from")
    void naiveBayes() {
        TrainingRows rows = rows(2000, 3);
        Learning.Scorer nb = new TribuoLearning().naiveBayes(rows);
        double with0 = nb.probability(new int[] {0}, new double[] {1});
        double with4 = nb.probability(new int[] {4}, new double[] {1});
        assertThat(with0).isGreaterThan(with4);
    }

    @Test
    @DisplayName("XGBoost (its native library, here) ranks the rows it learned from, the same each time")
    void gradientBoosting() {
        TrainingRows rows = rows(2000, 3);
        Learning.Scorer xgb = new TribuoLearning().gradientBoosting(rows);
        double with0 = xgb.probability(new int[] {0}, new double[] {1});
        double with4 = xgb.probability(new int[] {4}, new double[] {1});
        assertThat(with0).isGreaterThan(with4);
        assertThat(new TribuoLearning().gradientBoosting(rows).probability(new int[] {0}, new double[] {1}))
                .isEqualTo(with0);
    }
}
