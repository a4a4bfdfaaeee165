package dev.leadflow.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.app.HandoffCase;
import dev.leadflow.app.LeadDetails;
import dev.leadflow.engine.Engine;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.Page;
import dev.leadflow.input.Track;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelParser;
import dev.leadflow.predict.Encoder;
import dev.leadflow.predict.Predictive;
import dev.leadflow.predict.Predictor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The lead page's model: the probability and its factors, the chart, and ledger rows that name records")
class LeadViewTest {

    static final String YAML = """
            name: p
            version: 1
            fit:
              - { name: vp, if: { attribute: job.seniority, eq: vp }, points: 30 }
            engagement:
              half_life: 7d
              rules:
                - { name: pricing, on: page, if: { property: category, eq: pricing }, points: 10 }
                - { name: bofu, on: content_downloaded, if: { property: funnel_stage, eq: bofu }, points: 20 }
            lifecycle:
              conversions: [content_downloaded]
              mql: { any: [ { score: probability, gte: 0.5 }, { score: fit, gte: 100 } ] }
            predictive:
              target: sql
            """;

    @Test
    @DisplayName("a trained model: the probability, what raises and lowers it, a chart with it; records named")
    void predictive() {
        Encoder e = new Encoder(List.of(
                new Encoder.Categorical("attribute.job.seniority", List.of("vp", Encoder.OTHER, Encoder.MISSING)),
                new Encoder.Categorical("touch.source", List.of("google", Encoder.OTHER))));
        Predictor p = new Predictor(
                e,
                new double[] {3, -3, -3, -0.5, 0.5},
                0,
                1,
                0,
                new Predictor.Trained(Predictive.Target.SQL, 9, 4, "p@1", 0));
        Model model = ((ModelParser.Result.Valid) new ModelParser().parse(YAML))
                .model()
                .withPredictor(Optional.of(p));
        Instant t0 = Instant.parse("2026-03-02T09:00:00Z");
        List<Input> history = List.of(
                new Identify("i1", t0, "bob", null, Fields.of(Map.of("job.seniority", "vp"))),
                new Page(
                        "p1",
                        t0.plusSeconds(60),
                        "bob",
                        null,
                        Fields.of(Map.of("category", "pricing", "path", "/pricing"))),
                new Track(
                        "t1",
                        t0.plusSeconds(120),
                        "bob",
                        null,
                        "content_downloaded",
                        Fields.of(Map.of("funnel_stage", "bofu", "context.campaign.source", "google"))));
        Engine engine = new Engine(model);
        history.forEach(engine::apply);
        long now = t0.plusSeconds(3600).toEpochMilli();
        LeadDetails details = new LeadDetails(
                engine.snapshot("bob", now).orElseThrow(),
                engine.summary("bob", now).orElseThrow(),
                engine.history("bob"),
                new HandoffCase(Optional.empty(), Optional.empty()),
                List.of());

        Map<String, Object> view = new LeadView().model(details, model, now);

        assertThat(view.get("stage")).isEqualTo("mql");
        assertThat(view.get("probability")).isEqualTo("92%"); // σ(3 − 0.5)
        assertThat(view.get("raising"))
                .isEqualTo(List.of(new LeadView.Factor("attribute.job.seniority = vp", "+3.00")));
        assertThat(view.get("lowering")).isEqualTo(List.of(new LeadView.Factor("touch.source = google", "-0.50")));
        assertThat((List<?>) view.get("ledger"))
                .extracting(l -> ((LeadView.Line) l).event())
                .containsExactlyInAnyOrder("identify job.seniority vp", "page /pricing", "content_downloaded bofu");
        assertThat((String) view.get("chart"))
                .contains("\"probability %\"", "\"MQL probability ≥ 50%\"", "\"MQL fit ≥ 100\"", "subscriber → mql");
    }
}
