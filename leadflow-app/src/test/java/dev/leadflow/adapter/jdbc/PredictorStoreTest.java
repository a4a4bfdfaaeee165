package dev.leadflow.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.TestDatabase;
import dev.leadflow.app.port.Models;
import dev.leadflow.predict.Encoder;
import dev.leadflow.predict.Predictive;
import dev.leadflow.predict.Predictor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PredictorStoreTest {

    @TempDir
    Path dir;

    static Predictor predictor(double bias) {
        Encoder e = new Encoder(List.of(
                new Encoder.Categorical("touch.source", List.of("google", Encoder.OTHER)),
                new Encoder.Numeric("fit", 1.5, 0.7, List.of(2.0, 3.0), true, false)));
        return new Predictor(
                e,
                new double[] {0.3, -0.1, 0.2, 0.1, -0.4, 0.05, 0.6},
                bias,
                0.9,
                -0.1,
                new Predictor.Trained(Predictive.Target.WON, 500, 60, "m@1", 1_700_000_000_000L));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    @org.junit.jupiter.api.DisplayName("artifacts are kept per model, newest first, and read back equal")
    void keepsVersionsPerModel(TestDatabase kind) {
        try (Database database = kind.fresh(dir).get()) {
            ModelStore store = new ModelStore(database);
            assertThat(store.latestTrained("m@1")).isEmpty();
            store.saveTrained("m@1", predictor(-1), 10, "cli");
            store.saveTrained("other@1", predictor(-3), 15, "cli");
            store.saveTrained("m@1", predictor(-2), 20, "schedule");

            assertThat(store.trained("m@1")).extracting(Models.Trained::version).containsExactly(3, 1);
            Models.Trained latest = store.latestTrained("m@1").orElseThrow();
            assertThat(latest.version()).isEqualTo(3);
            assertThat(latest.predictor()).isEqualTo(predictor(-2));
            assertThat(latest.trainedAt()).isEqualTo(20);
            assertThat(latest.trainedBy()).isEqualTo("schedule");
        }
    }
}
