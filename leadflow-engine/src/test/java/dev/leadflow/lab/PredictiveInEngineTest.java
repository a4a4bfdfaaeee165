package dev.leadflow.lab;

import static dev.leadflow.fixtures.Records.hours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.RandomHistory;
import dev.leadflow.fixtures.Records;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Model;
import dev.leadflow.model.Score;
import dev.leadflow.predict.Encoder;
import dev.leadflow.predict.Features;
import dev.leadflow.predict.Predictive;
import dev.leadflow.predict.Predictor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("score: probability in the engine: the trained artifact decides MQLs, from the features training saw")
class PredictiveInEngineTest {

    static final Model BY_PROBABILITY = Models.parse(Models.SMALL.replace(
                    "all: [ { score: fit, gte: 30 }, { score: engagement, gte: 20 } ]",
                    "{ score: probability, gte: 0.5 }")
            + "predictive:\n  target: sql\n");

    /** vp: logit +3; anyone else, or no seniority: -3. */
    static Predictor seniority() {
        Encoder e = new Encoder(List.of(
                new Encoder.Categorical("attribute.job.seniority", List.of("vp", Encoder.OTHER, Encoder.MISSING))));
        return new Predictor(
                e,
                new double[] {3, -3, -3},
                0,
                1,
                0,
                new Predictor.Trained(Predictive.Target.SQL, 100, 50, "small@1", 0));
    }

    static List<Input> twoLeads() {
        Records r = new Records();
        return List.of(
                r.at(hours(0)).identify("vp", "job.seniority", "vp"),
                r.at(hours(0)).identify("intern", "job.seniority", "intern"),
                r.at(hours(1)).track("vp", "content_downloaded"),
                r.at(hours(1)).track("intern", "content_downloaded"));
    }

    @Test
    @DisplayName("a lead whose probability reaches the criteria is an MQL; without a trained artifact nobody is")
    void probabilityQualifies() {
        Engine trained = new Engine(BY_PROBABILITY.withPredictor(Optional.of(seniority())));
        twoLeads().forEach(trained::apply);
        assertThat(trained.stage("vp")).contains(Stage.MQL);
        assertThat(trained.stage("intern")).contains(Stage.LEAD);
        Predictor.Explanation vp = trained.snapshot("vp", hours(2).toMillis())
                .orElseThrow()
                .probability()
                .orElseThrow();
        assertThat(vp.probability()).isCloseTo(1 / (1 + Math.exp(-3)), within(1e-12));
        assertThat(vp.factors())
                .singleElement()
                .satisfies(f -> assertThat(f.label()).isEqualTo("attribute.job.seniority = vp"));

        Engine untrained = new Engine(BY_PROBABILITY);
        twoLeads().forEach(untrained::apply);
        assertThat(untrained.stage("vp")).contains(Stage.LEAD);
        assertThat(untrained.snapshot("vp", hours(2).toMillis()).orElseThrow().probability())
                .isEmpty();
    }

    /**
     * One engine: the probability the live engine holds at each MQL instant is the artifact applied
     * to the features training takes at that instant, over random histories with anonymous
     * browsing, identification, aliases and sales actions.
     */
    @Test
    @DisplayName("the live engine's probability at each MQL is the artifact applied to the training features")
    void liveEqualsTraining() {
        Model base = Models.parse(PredictiveExamplesTest.exampleModel());
        Predictive spec = base.predictive().orElseThrow();
        int checked = 0;
        for (long seed = 1; seed <= 4; seed++) {
            List<Input> history = new ArrayList<>(RandomHistory.generate(seed, 40, 900));
            history.sort(Comparator.comparingLong(Input::epochMillis));
            Features.Examples examples = PredictiveExamples.of(base, spec, history);
            List<Features.Example> all = new ArrayList<>(examples.closed());
            all.addAll(examples.open());
            Encoder encoder =
                    Encoder.fit(all.stream().map(Features.Example::features).toList(), spec, 2);
            Random r = new Random(seed);
            double[] w = new double[encoder.width()];
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextGaussian();
            }
            Predictor p = new Predictor(
                    encoder, w, -0.5, 1, 0, new Predictor.Trained(Predictive.Target.SQL, 1, 1, base.id(), 0));
            Model model = base.withPredictor(Optional.of(p));

            Map<String, Double> live = new HashMap<>();
            Map<String, Double> criteriaAtMql = new HashMap<>();
            Engine[] engine = new Engine[1];
            engine[0] = new Engine(model, new EngineListener() {
                @Override
                public void onTransition(String leadId, Transition t) {
                    if (t.to() == Stage.MQL && t.from() != Stage.MQL) {
                        live.put(
                                t.at() + "#" + t.cycle(),
                                engine[0]
                                        .snapshot(leadId, t.at())
                                        .orElseThrow()
                                        .probability()
                                        .orElseThrow()
                                        .probability());
                        criteriaAtMql.put( // the criteria's path: running counts, kept shares, tables
                                t.at() + "#" + t.cycle(),
                                engine[0]
                                        .handoffView(leadId, t.at())
                                        .orElseThrow()
                                        .facts()
                                        .score(Score.PROBABILITY));
                    }
                }
            });
            for (int i = 0; i < history.size(); i++) { // after every record, each lead's kept shares sum as a map's do
                engine[0].apply(history.get(i));
                long at = history.get(i).epochMillis();
                for (String lead : i % 7 == 0 ? engine[0].leadIds() : List.<String>of()) {
                    double criteria = engine[0]
                            .handoffView(lead, at)
                            .orElseThrow()
                            .facts()
                            .score(Score.PROBABILITY);
                    var shown = engine[0].snapshot(lead, at).orElseThrow().probability();
                    assertThat(shown.map(Predictor.Explanation::probability).orElse(Double.NaN))
                            .as("seed %d, record %d, %s", seed, i, lead)
                            .isEqualTo(criteria);
                    checked++;
                }
            }
            long end = history.getLast().epochMillis();
            for (String lead : engine[0].leadIds()) { // the criteria's path (column by column) and the page's (a map)
                double criteria =
                        engine[0].handoffView(lead, end).orElseThrow().facts().score(Score.PROBABILITY);
                var shown = engine[0].snapshot(lead, end).orElseThrow().probability();
                assertThat(shown.map(Predictor.Explanation::probability).orElse(Double.NaN))
                        .as("seed %d, %s", seed, lead)
                        .isEqualTo(criteria);
            }
            for (Features.Example e :
                    PredictiveExamples.of(model, spec, history).closed()) {
                SortedMap<String, Object> features = e.features();
                assertThat(live.get(e.mqlAt() + "#" + e.cycle()))
                        .as("seed %d, %s cycle %d", seed, e.leadId(), e.cycle())
                        .isEqualTo(p.probability(features));
                assertThat(criteriaAtMql.get(e.mqlAt() + "#" + e.cycle()))
                        .as("criteria: seed %d, %s cycle %d", seed, e.leadId(), e.cycle())
                        .isEqualTo(p.probability(features));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20);
    }
}
