package dev.leadflow.adapter.web;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import dev.leadflow.app.BacktestDraft;
import dev.leadflow.app.PublishModel;
import dev.leadflow.app.port.Models;
import dev.leadflow.app.port.Users;
import dev.leadflow.model.ModelError;
import dev.leadflow.model.ModelParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model lab on the model page (docs/MODEL.md, "Backtest"): a draft backtested on the stored
 * history, its progress while it runs, and publishing it, for admins, after a confirmation that
 * shows what changes.
 */
final class LabPage {

    /** A line of the model's text that the draft adds ({@code +}) or removes ({@code -}). */
    record DiffLine(String sign, String text) {}

    private final Dashboard dashboard;
    private final Dashboard.Services services;
    private final ModelPage page;

    LabPage(Dashboard dashboard, Dashboard.Services services, ModelPage page) {
        this.dashboard = dashboard;
        this.services = services;
        this.page = page;
    }

    /** {@code POST /model/backtest}: the draft's backtest, shown on the model page. Nothing is saved. */
    void backtest(Dashboard.Request r) {
        String draft = Optional.ofNullable(r.ctx().formParam("draft")).orElse("");
        Optional<List<ModelPage.Problem>> tooLong = page.tooLong(draft);
        if (tooLong.isPresent()) {
            dashboard.render(r, 400, "model", page.model(draft, null, tooLong.get()));
            return;
        }
        var parsed = BacktestDraft.Options.parse(
                blankToNull(r.ctx().formParam("from")),
                blankToNull(r.ctx().formParam("to")),
                blankToNull(r.ctx().formParam("tz")),
                blankToNull(r.ctx().formParam("horizon")),
                blankToNull(r.ctx().formParam("reps")));
        Map<String, Object> model;
        int status = 200;
        if (parsed instanceof BacktestDraft.Parsed.Invalid i) {
            model = page.model(draft, null, problems(i.errors()));
            status = 400;
        } else {
            var options = ((BacktestDraft.Parsed.Valid) parsed).options();
            switch (services.live().backtestDraft().backtest(draft, options)) {
                case BacktestDraft.Result.Done d -> {
                    model = page.model(draft, null, List.of());
                    model.put("lab", LabView.of(d.result()));
                }
                case BacktestDraft.Result.Invalid i -> {
                    model = page.model(draft, null, problems(i.errors()));
                    status = 400;
                }
                case BacktestDraft.Result.BadOptions o -> {
                    model = page.model(draft, null, problems(o.errors()));
                    status = 400;
                }
                case BacktestDraft.Result.Busy b -> {
                    model = page.model(draft, null, List.of(new ModelPage.Problem("(backtest)", b.message())));
                    status = 409;
                }
            }
        }
        keepOptions(r, model);
        dashboard.render(r, status, "model", model);
    }

    /** {@code GET /model/backtest/progress}: how far the running backtest has got, as a line of text. */
    void progress(Dashboard.Request r) {
        String text = services.live()
                .backtestDraft()
                .running()
                .map(p -> "Backtest: " + p.step() + " (" + p.done() + " of " + p.total() + ")")
                .orElse("");
        r.ctx().attribute(dev.leadflow.adapter.http.HttpServer.ANSWERED, true);
        r.ctx().contentType("text/plain; charset=utf-8").result(text);
    }

    /**
     * {@code POST /model/publish} (admins): without {@code confirm=yes}, the confirmation (the lines
     * the draft changes, and the backtest's headline if it came with one); with it, the draft saved
     * and published as the next version, every lead scored again.
     */
    void publish(Dashboard.Request r) {
        String draft = Optional.ofNullable(r.ctx().formParam("draft")).orElse("");
        ModelParser.Result parsed = new ModelParser().parse(draft);
        if (parsed instanceof ModelParser.Result.Invalid invalid) {
            dashboard.render(r, 400, "model", page.model(draft, null, problems(invalid.errors())));
            return;
        }
        ModelParser.Result.Valid valid = (ModelParser.Result.Valid) parsed;
        if (!"yes".equals(r.ctx().formParam("confirm"))) {
            Map<String, Object> model = page.model(draft, null, List.of());
            model.put("confirming", valid.model().id());
            model.put(
                    "diff",
                    diff(services.models().current().map(Models.Published::yaml).orElse(""), draft));
            model.put(
                    "headline",
                    Optional.ofNullable(r.ctx().formParam("headline")).orElse(""));
            dashboard.render(r, 200, "model", model);
            return;
        }
        String by = "user:" + r.user().username();
        services.models().saveDraft(draft, services.clock().millis(), by);
        switch (services.live()
                .publishModel()
                .publish(r.actor(), services.clock().millis())) {
            case PublishModel.Result.Published p ->
                dashboard.redirect(
                        r,
                        "/model",
                        "Published version " + p.version().version() + ": "
                                + p.version().modelId() + "; " + p.leads() + " leads scored again.");
            case PublishModel.Result.Invalid i ->
                dashboard.render(r, 400, "model", page.model(draft, null, problems(i.errors())));
            case PublishModel.Result.Conflict c ->
                dashboard.render(
                        r,
                        409,
                        "model",
                        page.model(draft, null, List.of(new ModelPage.Problem("(publish)", c.message()))));
        }
    }

    static boolean canPublish(Users.User user) {
        return user.role() == Users.Role.ADMIN;
    }

    /** The lines {@code draft} adds to and removes from {@code published}, in order. */
    static List<DiffLine> diff(String published, String draft) {
        List<String> before = published.lines().toList();
        List<DiffLine> out = new ArrayList<>();
        for (AbstractDelta<String> delta :
                DiffUtils.diff(before, draft.lines().toList()).getDeltas()) {
            delta.getSource().getLines().forEach(l -> out.add(new DiffLine("-", l)));
            delta.getTarget().getLines().forEach(l -> out.add(new DiffLine("+", l)));
        }
        return out;
    }

    private static void keepOptions(Dashboard.Request r, Map<String, Object> model) {
        for (String option : ModelPage.LAB_OPTIONS) {
            model.put(option, Optional.ofNullable(r.ctx().formParam(option)).orElse(""));
        }
    }

    private static List<ModelPage.Problem> problems(List<ModelError> errors) {
        return errors.stream()
                .map(e -> new ModelPage.Problem(e.path(), e.message()))
                .toList();
    }

    private static @org.jspecify.annotations.Nullable String blankToNull(@org.jspecify.annotations.Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
