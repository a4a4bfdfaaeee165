package dev.leadflow.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.leadflow.fixtures.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Encoder and Predictor: raw features to a calibrated probability, explained exactly")
class PredictorTest {

    static final Predictive SPEC = Models.parse(Models.SMALL + "predictive:\n  target: sql\n")
            .predictive()
            .orElseThrow();

    static SortedMap<String, Object> row(Object... kv) {
        SortedMap<String, Object> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<SortedMap<String, Object>> rows(int n, long seed) {
        Random r = new Random(seed);
        String[] industries = {"software", "retail", "banking", "rare-" + seed};
        List<SortedMap<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SortedMap<String, Object> m = row("fit", (double) r.nextInt(50), "touch.source", "google");
            if (r.nextInt(10) > 0) {
                m.put("attribute.company.industry", industries[i == 0 ? 3 : r.nextInt(3)]);
            }
            if (r.nextInt(3) == 0) {
                m.put("events.page.7d", (double) r.nextInt(5) + 1);
            }
            out.add(m);
        }
        return out;
    }

    @Test
    @DisplayName("pools rare levels, leaves out what never varies, and knows absent counts are zero")
    void encoder() {
        Encoder e = Encoder.fit(rows(400, 1), SPEC, 5);

        assertThat(e.columns())
                .extracting(Encoder.Column::name)
                .containsExactly("attribute.company.industry", "events.page.7d", "fit"); // touch.source never varies
        Encoder.Categorical industry = (Encoder.Categorical) e.columns().getFirst();
        assertThat(industry.levels()).containsExactly("banking", "retail", "software", Encoder.OTHER, Encoder.MISSING);
        Encoder.Numeric pages = (Encoder.Numeric) e.columns().get(1);
        assertThat(pages.zeroWhenAbsent()).isTrue();
        assertThat(pages.missing()).isFalse();
        assertThat(e.featureNames()).hasSize(e.width()).contains("attribute.company.industry = (other)", "fit");
        // a level never seen in training is pooled, an absent attribute is missing
        assertThat(e.sparse(row("attribute.company.industry", "mining", "fit", 10.0))
                        .indices())
                .contains(e.featureNames().indexOf("attribute.company.industry = (other)"));
        assertThat(e.sparse(row("fit", 10.0)).indices())
                .contains(e.featureNames().indexOf("attribute.company.industry = (missing)"));
    }

    @Test
    @DisplayName("the base value and the factors add up to the logit, and the probability is its sigmoid")
    void explanationIsExact() {
        Encoder e = Encoder.fit(rows(400, 2), SPEC, 5);
        Random r = new Random(3);
        double[] w = new double[e.width()];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian();
        }
        Predictor p = new Predictor(
                e, w, -1.3, 0.8, 0.2, new Predictor.Trained(Predictive.Target.SQL, 400, 40, "small@1", 0));
        for (SortedMap<String, Object> raw : rows(50, 4)) {
            Predictor.Explanation x = p.explain(raw);
            double sum = x.base()
                    + x.factors().stream()
                            .mapToDouble(Predictor.Factor::contribution)
                            .sum();
            assertThat(x.logit()).isCloseTo(sum, within(1e-12));
            assertThat(x.logit()).isCloseTo(0.8 * p.rawLogit(raw) + 0.2, within(1e-12));
            assertThat(x.probability()).isEqualTo(Predictor.sigmoid(x.logit())).isEqualTo(p.probability(raw));
            assertThat(x.factors()).hasSize(e.columns().size());
            assertThat(x.factors())
                    .isSortedAccordingTo(
                            (a, b) -> Double.compare(Math.abs(b.contribution()), Math.abs(a.contribution())));
        }
        Predictor.Explanation none = p.explain(row("fit", 20.0));
        assertThat(none.factors())
                .filteredOn(f -> f.feature().equals("events.page.7d"))
                .singleElement()
                .satisfies(f -> assertThat(f.value()).isEqualTo("0"));
    }
}
