package dev.leadflow.app.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Metrics: AUC, log loss, Brier score and calibration, by hand")
class MetricsTest {

    @Test
    @DisplayName("AUC counts the pairs a positive wins, ties as half")
    void auc() {
        // positives at 0.8, 0.4; negatives at 0.4, 0.2, 0.1: pairs won 3 + (0.5 + 2) = 5.5 of 6
        double[] p = {0.8, 0.4, 0.4, 0.2, 0.1};
        boolean[] y = {true, true, false, false, false};
        assertThat(Metrics.auc(p, y)).isCloseTo(5.5 / 6, within(1e-12));
        assertThat(Metrics.auc(new double[] {0.5, 0.5}, new boolean[] {true, false}))
                .isEqualTo(0.5);
        assertThat(Metrics.auc(new double[] {0.5}, new boolean[] {true})).isNaN();
    }

    @Test
    @DisplayName("log loss and Brier score")
    void losses() {
        double[] p = {0.9, 0.2};
        boolean[] y = {true, false};
        assertThat(Metrics.logLoss(p, y)).isCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, within(1e-12));
        assertThat(Metrics.brier(p, y)).isCloseTo((0.01 + 0.04) / 2, within(1e-12));
        assertThat(Metrics.logLoss(new double[] {0}, new boolean[] {true})).isFinite();
    }

    @Test
    @DisplayName("ten bins of predicted probability, with the observed rate in each, and the weighted error")
    void calibration() {
        double[] p = {0.05, 0.05, 0.95, 1.0, 0.55};
        boolean[] y = {false, true, true, true, false};
        var bins = Metrics.calibration(p, y);
        assertThat(bins)
                .containsExactly(
                        new Metrics.Bin(0.05, 0.5, 2), new Metrics.Bin(0.55, 0.0, 1), new Metrics.Bin(0.975, 1.0, 2));
        assertThat(Metrics.calibrationError(bins)).isCloseTo((2 * 0.45 + 0.55 + 2 * 0.025) / 5, within(1e-12));
    }
}
