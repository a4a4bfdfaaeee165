package dev.leadflow.adapter.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.adapter.json.LeadJson;
import dev.leadflow.app.Leadflow;
import dev.leadflow.app.PublishModel;
import dev.leadflow.app.port.Keys;
import dev.leadflow.app.port.Models;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelError;
import dev.leadflow.model.ModelParser;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The model API: {@code GET/PUT /api/model} (the published model and the draft; a draft that does
 * not validate is refused with every error by path), {@code POST /api/model/publish} (a new
 * version; every lead is re-scored by replaying its history under it) and
 * {@code GET /api/model/versions}.
 */
final class ModelApi {

    static final int MODEL_LIMIT = 256 * 1024;

    private final Models models;
    private final Leadflow live;
    private final InstantSource clock;

    ModelApi(Models models, Leadflow live, InstantSource clock) {
        this.models = models;
        this.live = live;
        this.clock = clock;
    }

    void routes(Routes routes) {
        routes.add("GET", "/api/model", Access.READ, (ctx, key) -> get(ctx));
        routes.add("PUT", "/api/model", Access.ADMIN, this::put);
        routes.add("POST", "/api/model/publish", Access.ADMIN, this::publish);
        routes.add("GET", "/api/model/versions", Access.READ, (ctx, key) -> versions(ctx));
    }

    void get(Context ctx) {
        ObjectNode body = Answers.JSON.createObjectNode();
        body.put("model", live.leadQueries().model().id());
        Optional<Models.Published> current = models.current();
        if (current.isPresent()) {
            body.set("published", published(current.get()));
        } else {
            body.putNull("published");
        }
        Optional<Models.Draft> draft = models.draft();
        if (draft.isPresent()) {
            ObjectNode d = body.putObject("draft");
            d.put("yaml", draft.get().yaml());
            d.put("updated_at", LeadJson.time(draft.get().updatedAt()));
            d.put("updated_by", draft.get().updatedBy());
        } else {
            body.putNull("draft");
        }
        Answers.json(ctx, 200, body);
    }

    void put(Context ctx, Keys.Key key) throws IOException {
        String yaml;
        try {
            yaml = new String(
                    SegmentRequests.readBody(ctx.req(), MODEL_LIMIT, "the model", "the limit for a model"),
                    StandardCharsets.UTF_8);
        } catch (SegmentRequests.BadRequest e) {
            Answers.error(ctx, e.status(), e.getMessage());
            return;
        }
        Optional<Model> model = validate(ctx, yaml);
        if (model.isEmpty()) {
            return;
        }
        models.saveDraft(yaml, clock.millis(), "key:" + key.id());
        ObjectNode body = Answers.JSON.createObjectNode();
        body.put("draft", model.get().id());
        body.put("valid", true);
        Answers.json(ctx, 200, body);
    }

    void publish(Context ctx, Keys.Key key) {
        switch (live.publishModel().publish("key:" + key.id(), clock.millis())) {
            case PublishModel.Result.Published p -> {
                ObjectNode body = published(p.version());
                body.put("leads", p.leads());
                Answers.json(ctx, 200, body);
            }
            case PublishModel.Result.Invalid invalid -> invalid(ctx, invalid.errors());
            case PublishModel.Result.Conflict conflict -> Answers.error(ctx, 409, conflict.message());
        }
    }

    void versions(Context ctx) {
        ObjectNode body = Answers.JSON.createObjectNode();
        ArrayNode list = body.putArray("versions");
        models.versions().forEach(p -> list.add(published(p)));
        Answers.json(ctx, 200, body);
    }

    /** The model, or an answered 400 listing every error by path. */
    private static Optional<Model> validate(Context ctx, String yaml) {
        return switch (new ModelParser().parse(yaml)) {
            case ModelParser.Result.Valid v -> Optional.of(v.model());
            case ModelParser.Result.Invalid invalid -> {
                invalid(ctx, invalid.errors());
                yield Optional.empty();
            }
        };
    }

    /** Answers 400 listing every error by path. */
    private static void invalid(Context ctx, List<ModelError> errors) {
        ArrayNode details = Answers.JSON.createArrayNode();
        for (ModelError e : errors) {
            details.addObject().put("path", e.path()).put("message", e.message());
        }
        int n = errors.size();
        Answers.error(ctx, 400, "the model is invalid (" + n + (n == 1 ? " error)" : " errors)"), details);
    }

    private static ObjectNode published(Models.Published p) {
        ObjectNode node = Answers.JSON.createObjectNode();
        node.put("version", p.version());
        node.put("model", p.modelId());
        node.put("published_at", LeadJson.time(p.publishedAt()));
        node.put("published_by", p.publishedBy());
        node.put("yaml", p.yaml());
        return node;
    }
}
