package dev.leadflow.adapter.http;

import dev.leadflow.adapter.json.LeadJson;
import dev.leadflow.app.Leadflow;
import dev.leadflow.app.TrainPredictor;
import dev.leadflow.app.port.Keys;
import dev.leadflow.app.port.Models;
import dev.leadflow.model.Model;
import dev.leadflow.predict.Predictor;
import io.javalin.http.Context;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * The predictive model's API (docs/PREDICTIVE.md, "Training on the server"):
 * {@code GET /api/model/predictive} (the artifact the server applies, if any) and
 * {@code POST /api/model/predictive/train} (an admin trains now; the new artifact is applied to
 * every lead).
 */
final class PredictiveApi {

    private final Models models;
    private final Leadflow live;
    private final InstantSource clock;

    PredictiveApi(Models models, Leadflow live, InstantSource clock) {
        this.models = models;
        this.live = live;
        this.clock = clock;
    }

    void routes(Routes routes) {
        routes.add("GET", "/api/model/predictive", Access.READ, (ctx, key) -> get(ctx));
        routes.add("POST", "/api/model/predictive/train", Access.ADMIN, this::train);
    }

    /** An artifact: its version, what it was trained for and on, when and by whom. */
    record Artifact(
            int version, String model, String target, int cycles, int positives, String trainedAt, String trainedBy) {
        static Artifact of(Models.Trained t) {
            Predictor.Trained p = t.predictor().trained();
            return new Artifact(
                    t.version(),
                    t.modelId(),
                    p.target().wireName(),
                    p.cycles(),
                    p.positives(),
                    LeadJson.time(t.trainedAt()),
                    t.trainedBy());
        }
    }

    /** {@code GET /api/model/predictive}: whether the model in force predicts, and the artifact applied. */
    record State(
            String model,
            boolean predictive,
            @Nullable String target,
            @Nullable Artifact applied) {}

    /** {@code POST /api/model/predictive/train}: the artifact kept and applied, and the open cycles left out. */
    record Trained(Artifact artifact, int open) {}

    void get(Context ctx) {
        Model model = live.leadQueries().model();
        Answers.json(
                ctx,
                200,
                new State(
                        model.id(),
                        model.predictive().isPresent(),
                        model.predictive().map(p -> p.target().wireName()).orElse(null),
                        model.predictor().isEmpty()
                                ? null
                                : models.latestTrained(model.id())
                                        .map(Artifact::of)
                                        .orElse(null)));
    }

    void train(Context ctx, Keys.Key key) {
        switch (live.trainPredictor().train(ApiKeys.actor(ctx, key), clock.millis())) {
            case TrainPredictor.Result.Trained t ->
                Answers.json(ctx, 200, new Trained(Artifact.of(t.trained()), t.open()));
            case TrainPredictor.Result.TooFew f -> Answers.error(ctx, 422, f.reason());
            case TrainPredictor.Result.Conflict c -> Answers.error(ctx, 409, c.message());
        }
    }
}
