package dev.leadflow.app.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.leadflow.adapter.tribuo.TribuoLearning;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelParser;
import dev.leadflow.predict.Features.Example;
import dev.leadflow.predict.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Learner: a calibrated logistic regression from closed cycles")
class LearnerTest {

    static final Model MODEL = ((ModelParser.Result.Valid)
                    new ModelParser().parse("name: m\nversion: 1\npredictive:\n  target: sql\n  min_outcomes: 30\n"))
            .model();

    /** Cycles where software converts 40% of the time, retail 10%, and fit adds a little. */
    static List<Example> cycles(int n, long seed) {
        Random r = new Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean software = r.nextBoolean();
            double fit = r.nextInt(40);
            double p = (software ? 0.4 : 0.1) * (0.75 + fit / 80);
            SortedMap<String, Object> f = new TreeMap<>();
            f.put("attribute.company.industry", software ? "software" : "retail");
            f.put("fit", fit);
            out.add(new Example("l" + i, 1, i * 1000L, r.nextDouble() < p, f));
        }
        return out;
    }

    @Test
    @DisplayName("the probabilities match the rates, and software outranks retail")
    void calibrated() {
        Learner.Result.Trained t = (Learner.Result.Trained) Learner.train(
                new TribuoLearning(), cycles(6000, 1), MODEL, MODEL.predictive().orElseThrow(), 7);

        Predictor p = t.predictor();
        List<Example> fresh = cycles(6000, 2);
        for (String industry : List.of("software", "retail")) {
            List<Example> group = fresh.stream()
                    .filter(e -> e.features().get("attribute.company.industry").equals(industry))
                    .toList();
            double predicted = group.stream()
                    .mapToDouble(e -> p.probability(e.features()))
                    .average()
                    .orElseThrow();
            double observed = group.stream().filter(Example::positive).count() / (double) group.size();
            assertThat(predicted).as(industry).isCloseTo(observed, within(0.03));
        }
        assertThat(p.trained())
                .isEqualTo(new Predictor.Trained(
                        dev.leadflow.predict.Predictive.Target.SQL,
                        6000,
                        (int) cycles(6000, 1).stream().filter(Example::positive).count(),
                        "m@1",
                        7));
        assertThat(t.fitCycles()).isEqualTo(4800);
        assertThat(t.validationCycles()).isEqualTo(1200);
    }

    @Test
    @DisplayName("the same cycles give the same artifact")
    void deterministic() {
        var spec = MODEL.predictive().orElseThrow();
        assertThat(Learner.train(new TribuoLearning(), cycles(800, 3), MODEL, spec, 0))
                .isEqualTo(Learner.train(new TribuoLearning(), cycles(800, 3), MODEL, spec, 0));
    }

    @Test
    @DisplayName("too few outcomes of a class: no artifact, and the reason")
    void tooFew() {
        List<Example> few = cycles(100, 4);
        assertThat(Learner.train(
                        new TribuoLearning(), few, MODEL, MODEL.predictive().orElseThrow(), 0))
                .isInstanceOfSatisfying(
                        Learner.Result.TooFew.class,
                        f -> assertThat(f.reason())
                                .contains("closed cycles reached sql")
                                .contains("predictive.min_outcomes needs 30 of each"));
    }
}
