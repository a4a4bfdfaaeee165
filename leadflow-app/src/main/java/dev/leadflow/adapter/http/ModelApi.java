package dev.leadflow.adapter.http;

import dev.leadflow.adapter.json.LeadJson;
import dev.leadflow.app.BacktestDraft;
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
import org.jspecify.annotations.Nullable;

/**
 * The model API: {@code GET/PUT /api/model} (the published model and the draft; a draft that does
 * not validate is refused with every error by path), {@code POST /api/model/publish} (a new
 * version; every lead is re-scored by replaying its history under it) and
 * {@code GET /api/model/versions}; and the lab: {@code POST /api/model/backtest} (a draft in the body,
 * replayed on the stored history: docs/MODEL.md, "Backtest"; nothing is stored) and
 * {@code GET /api/model/backtest} (the running backtest's progress).
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
        // read-only, like a report: any key that may read the history may try a draft on it
        routes.add("POST", "/api/model/backtest", Access.READ, (ctx, key) -> backtest(ctx));
        routes.add("GET", "/api/model/backtest", Access.READ, (ctx, key) -> progress(ctx));
    }

    /** The query parameters of a backtest. */
    static final java.util.Set<String> BACKTEST_PARAMETERS =
            java.util.Set.of("from", "to", "tz", "horizon", "reps", "format");

    /** {@code GET /api/model/backtest}: whether a backtest runs, and how far it has got. */
    record Progress(boolean running, @Nullable String step, int done, int total) {}

    void backtest(Context ctx) throws IOException {
        Optional<BacktestDraft.Options> options = backtestOptions(ctx);
        if (options.isEmpty()) {
            return;
        }
        Optional<String> yaml = modelBody(ctx);
        if (yaml.isEmpty()) {
            return;
        }
        switch (live.backtestDraft().backtest(yaml.get(), options.get())) {
            case BacktestDraft.Result.Done d -> {
                if ("csv".equals(ctx.queryParam("format"))) {
                    Answers.text(
                            ctx,
                            200,
                            dev.leadflow.adapter.csv.Csv.TYPE,
                            dev.leadflow.adapter.csv.BacktestCsv.write(d.result()));
                } else {
                    Answers.json(ctx, 200, d.result());
                }
            }
            case BacktestDraft.Result.Invalid i -> invalid(ctx, i.errors());
            case BacktestDraft.Result.BadOptions o ->
                Answers.error(ctx, 400, "invalid parameters", Answers.PathError.of(o.errors()));
            case BacktestDraft.Result.Busy b -> Answers.error(ctx, 409, b.message());
        }
    }

    /** The backtest's options from the query, or empty with a 400 naming every bad or unknown parameter. */
    private static Optional<BacktestDraft.Options> backtestOptions(Context ctx) {
        List<Answers.PathError> problems = new java.util.ArrayList<>();
        ctx.queryParamMap().keySet().stream()
                .filter(k -> !BACKTEST_PARAMETERS.contains(k))
                .sorted()
                .forEach(k -> problems.add(new Answers.PathError(
                        k,
                        "unknown parameter (known: " + String.join(", ", new java.util.TreeSet<>(BACKTEST_PARAMETERS))
                                + ")")));
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
        if (!(format.equals("json") || format.equals("csv"))) {
            problems.add(new Answers.PathError("format", "json or csv, not '" + format + "'"));
        }
        if (!problems.isEmpty()) {
            Answers.error(ctx, 400, "invalid parameters", problems);
            return Optional.empty();
        }
        var parsed = BacktestDraft.Options.parse(
                ctx.queryParam("from"),
                ctx.queryParam("to"),
                ctx.queryParam("tz"),
                ctx.queryParam("horizon"),
                ctx.queryParam("reps"));
        return switch (parsed) {
            case BacktestDraft.Parsed.Valid v -> Optional.of(v.options());
            case BacktestDraft.Parsed.Invalid i -> {
                Answers.error(ctx, 400, "invalid parameters", Answers.PathError.of(i.errors()));
                yield Optional.empty();
            }
        };
    }

    void progress(Context ctx) {
        Answers.json(
                ctx,
                200,
                live.backtestDraft()
                        .running()
                        .map(r -> new Progress(true, r.step(), r.done(), r.total()))
                        .orElse(new Progress(false, null, 0, 0)));
    }

    /** {@code GET /api/model}: the model serving, the version published last and the draft. */
    record State(
            String model,
            @Nullable PublishedBody published,
            @Nullable DraftBody draft) {}

    /** A published version. */
    record PublishedBody(int version, String model, String publishedAt, String publishedBy, String yaml) {
        static PublishedBody of(Models.Published p) {
            return new PublishedBody(
                    p.version(), p.modelId(), LeadJson.time(p.publishedAt()), p.publishedBy(), p.yaml());
        }
    }

    /** The draft being edited. */
    record DraftBody(String yaml, String updatedAt, String updatedBy) {}

    /** {@code PUT /api/model}: the draft saved, valid. */
    record DraftSaved(String draft, boolean valid) {}

    /** {@code POST /api/model/publish}: the version published and how many leads were scored again. */
    record PublishedAnswer(int version, String model, String publishedAt, String publishedBy, String yaml, int leads) {}

    /** {@code GET /api/model/versions}: every published version, newest first. */
    record Versions(List<PublishedBody> versions) {}

    void get(Context ctx) {
        Answers.json(
                ctx,
                200,
                new State(
                        live.leadQueries().model().id(),
                        models.current().map(PublishedBody::of).orElse(null),
                        models.draft()
                                .map(d -> new DraftBody(d.yaml(), LeadJson.time(d.updatedAt()), d.updatedBy()))
                                .orElse(null)));
    }

    /** The request's body, a model's YAML within {@link #MODEL_LIMIT}; or empty, answered with what is wrong. */
    private static Optional<String> modelBody(Context ctx) throws IOException {
        try {
            return Optional.of(new String(
                    SegmentRequests.readBody(ctx.req(), MODEL_LIMIT, "the model", "the limit for a model"),
                    StandardCharsets.UTF_8));
        } catch (SegmentRequests.BadRequest e) {
            Answers.error(ctx, e.status(), e.getMessage());
            return Optional.empty();
        }
    }

    void put(Context ctx, Keys.Key key) throws IOException {
        Optional<String> body = modelBody(ctx);
        if (body.isEmpty()) {
            return;
        }
        String yaml = body.get();
        Optional<Model> model = validate(ctx, yaml);
        if (model.isEmpty()) {
            return;
        }
        models.saveDraft(yaml, clock.millis(), "key:" + key.id());
        Answers.json(ctx, 200, new DraftSaved(model.get().id(), true));
    }

    void publish(Context ctx, Keys.Key key) {
        switch (live.publishModel().publish(ApiKeys.actor(ctx, key), clock.millis())) {
            case PublishModel.Result.Published p -> {
                PublishedBody v = PublishedBody.of(p.version());
                Answers.json(
                        ctx,
                        200,
                        new PublishedAnswer(
                                v.version(), v.model(), v.publishedAt(), v.publishedBy(), v.yaml(), p.leads()));
            }
            case PublishModel.Result.Invalid invalid -> invalid(ctx, invalid.errors());
            case PublishModel.Result.Conflict conflict -> Answers.error(ctx, 409, conflict.message());
        }
    }

    void versions(Context ctx) {
        Answers.json(
                ctx,
                200,
                new Versions(models.versions().stream().map(PublishedBody::of).toList()));
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
        int n = errors.size();
        Answers.error(
                ctx,
                400,
                "the model is invalid (" + n + (n == 1 ? " error)" : " errors)"),
                Answers.PathError.of(errors));
    }
}
