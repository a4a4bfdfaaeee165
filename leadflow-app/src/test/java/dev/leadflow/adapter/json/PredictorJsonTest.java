package dev.leadflow.adapter.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.adapter.tribuo.TribuoLearning;
import dev.leadflow.app.predict.Learner;
import dev.leadflow.predict.Features.Example;
import dev.leadflow.predict.Predictor;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The trained artifact as JSON: read back, the same probability to the last bit")
class PredictorJsonTest {

    /** Cycles with text, numbers (some missing) and counts, so that every kind of column is written. */
    static List<Example> cycles(int n, long seed) {
        Random r = new Random(seed);
        List<Example> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            SortedMap<String, Object> f = new TreeMap<>();
            f.put(
                    "attribute.company.industry",
                    List.of("software", "retail", "banking").get(r.nextInt(3)));
            if (r.nextInt(4) > 0) {
                f.put("attribute.company.employees", (double) r.nextInt(5000));
            }
            if (r.nextBoolean()) {
                f.put("events.page.7d", (double) (1 + r.nextInt(6)));
            }
            f.put("fit", r.nextInt(40) * 1.37);
            out.add(new Example("l" + i, 1, i * 1000L, r.nextDouble() < 0.3, f));
        }
        return out;
    }

    static Predictor trained() {
        var model = LearnerTestModels.MODEL;
        return ((Learner.Result.Trained) Learner.train(
                        new TribuoLearning(),
                        cycles(1500, 1),
                        model,
                        model.predictive().orElseThrow(),
                        7))
                .predictor();
    }

    @Test
    @DisplayName("write then read gives an equal artifact and bit-identical probabilities")
    void roundTrip() {
        Predictor p = trained();
        String json = PredictorJson.write(p);
        assertThat(json).startsWith("{\"format\":\"" + PredictorJson.FORMAT + "\"");
        Predictor back = ((PredictorJson.Read.Ok) PredictorJson.read(json)).predictor();
        assertThat(back).isEqualTo(p);
        for (Example e : cycles(300, 2)) {
            assertThat(Double.doubleToLongBits(back.probability(e.features())))
                    .isEqualTo(Double.doubleToLongBits(p.probability(e.features())));
        }
        assertThat(PredictorJson.write(back)).isEqualTo(json);
    }

    @Test
    @DisplayName("a damaged artifact is refused with what is wrong and where")
    void damaged() {
        String json = PredictorJson.write(trained());
        assertThat(invalid("{\"format\":")).startsWith("the artifact is not valid JSON");
        assertThat(invalid("[]")).isEqualTo("the artifact must be a JSON object");
        assertThat(invalid(json.replace(PredictorJson.FORMAT, "leadflow.predictor/0")))
                .isEqualTo("format: 'leadflow.predictor/0' is not leadflow.predictor/1; train again with this version");
        assertThat(invalid(json.replace("\"target\":\"sql\"", "\"target\":\"mql\"")))
                .isEqualTo("trained.target: 'mql' is not sql or won");
        assertThat(invalid(json.replaceFirst("\"weights\":\\[", "\"weights\":[1.5,")))
                .matches("columns\\[0\\]\\.weights: \\d+ for \\d+ encoded features");
        assertThat(invalid(json.replaceFirst("\"type\":\"text\"", "\"type\":\"date\"")))
                .matches("columns\\[\\d+\\]\\.type: 'date' is not number or text");
        assertThat(invalid(json.replace("\"slope\":", "\"slop\":")))
                .isEqualTo("calibration.slope: missing, or not a finite number");
    }

    private static String invalid(String text) {
        return ((PredictorJson.Read.Invalid) PredictorJson.read(text)).message();
    }

    /** The model the learner's tests train for. */
    static final class LearnerTestModels {
        static final dev.leadflow.model.Model MODEL = ((dev.leadflow.model.ModelParser.Result.Valid)
                        new dev.leadflow.model.ModelParser()
                                .parse("name: m\nversion: 1\npredictive:\n  target: sql\n  min_outcomes: 30\n"))
                .model();
    }
}
