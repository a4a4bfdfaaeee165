package dev.leadflow.adapter.web;

import dev.leadflow.app.port.Models;
import dev.leadflow.model.ModelError;
import dev.leadflow.model.ModelParser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The model and its lab: the one served, every published version, and an editor holding the
 * published model, whose draft is validated here and backtested or published by {@link LabPage}.
 */
final class ModelPage {

    /** A published version. */
    public record Version(int version, String model, String publishedAt, String publishedBy) {}

    /** A validation error: where and what. */
    public record Problem(String path, String message) {}

    static final int DRAFT_LIMIT = 256 * 1024;

    /** The backtest's options, as the lab's form names them. */
    static final List<String> LAB_OPTIONS = List.of("from", "to", "tz", "horizon", "reps");

    private final Dashboard dashboard;
    private final Dashboard.Services services;

    ModelPage(Dashboard dashboard, Dashboard.Services services) {
        this.dashboard = dashboard;
        this.services = services;
    }

    void show(Dashboard.Request r) {
        String published =
                services.models().current().map(Models.Published::yaml).orElse("");
        dashboard.render(r, 200, "model", model(published, null, List.of()));
    }

    /** The problem of a draft too long to read, if it is. */
    java.util.Optional<List<Problem>> tooLong(String draft) {
        return draft.length() > DRAFT_LIMIT
                ? java.util.Optional.of(
                        List.of(new Problem("(draft)", "the draft is longer than " + DRAFT_LIMIT / 1024 + " KiB")))
                : java.util.Optional.empty();
    }

    /** {@code POST /model/validate}: the draft's errors by path, or that it is valid. Nothing is saved. */
    void validate(Dashboard.Request r) {
        String draft = java.util.Optional.ofNullable(r.ctx().formParam("draft")).orElse("");
        java.util.Optional<List<Problem>> tooLong = tooLong(draft);
        if (tooLong.isPresent()) {
            dashboard.render(r, 400, "model", model("", null, tooLong.get()));
            return;
        }
        if (draft.isBlank()) {
            dashboard.render(
                    r, 400, "model", model(draft, null, List.of(new Problem("(draft)", "paste a model first"))));
            return;
        }
        switch (new ModelParser().parse(draft)) {
            case ModelParser.Result.Valid v ->
                dashboard.render(
                        r,
                        200,
                        "model",
                        model(
                                draft,
                                "Valid: model " + v.model().id() + " with "
                                        + v.model().fit().size() + " fit rules and "
                                        + v.model().engagement().rules().size() + " engagement rules.",
                                List.of()));
            case ModelParser.Result.Invalid bad ->
                dashboard.render(
                        r,
                        400,
                        "model",
                        model(
                                draft,
                                null,
                                bad.errors().stream()
                                        .map((ModelError e) -> new Problem(e.path(), e.message()))
                                        .toList()));
        }
    }

    /** The page's values, with {@code draft} in the editor. */
    Map<String, Object> model(String draft, @Nullable String valid, List<Problem> problems) {
        Map<String, Object> model = new HashMap<>();
        model.put("page", "model");
        model.put("served", services.live().leadQueries().model().id());
        java.util.Optional<Models.Published> current = services.models().current();
        model.put("yaml", current.map(Models.Published::yaml).orElse(""));
        model.put(
                "versions",
                services.models().versions().stream()
                        .map(p -> new Version(p.version(), p.modelId(), Times.format(p.publishedAt()), p.publishedBy()))
                        .toList());
        model.put("draft", draft);
        model.put("valid", valid);
        model.put("problems", problems);
        for (String option : LAB_OPTIONS) {
            model.put(option, "");
        }
        model.put("headline", "");
        model.put("lab", null);
        model.put("confirming", null);
        model.put("diff", List.of());
        dev.leadflow.model.Model served = services.live().leadQueries().model();
        PredictiveView.put(
                model,
                served,
                services.models().latestTrained(served.id()),
                services.live().evaluatePredictor().latest());
        return model;
    }
}
