package dev.leadflow.adapter.web;

import dev.leadflow.app.EvaluatePredictor;
import dev.leadflow.app.TrainPredictor;

/**
 * The lab's predictive actions (docs/PREDICTIVE.md, "The lab"): {@code POST /model/predictive/evaluate}
 * (marketing and admins: how well would it do on our own outcomes?) and
 * {@code POST /model/predictive/train} (admins: train now and apply to every lead, then evaluate).
 * Both answer with the model page and a line saying what happened.
 */
final class PredictivePage {

    private final Dashboard dashboard;
    private final Dashboard.Services services;

    PredictivePage(Dashboard dashboard, Dashboard.Services services) {
        this.dashboard = dashboard;
        this.services = services;
    }

    void evaluate(Dashboard.Request r) {
        dashboard.redirect(
                r, "/model#predictive", said(services.live().evaluatePredictor().evaluate(now())));
    }

    void train(Dashboard.Request r) {
        String message = switch (services.live().trainPredictor().train(r.actor(), now())) {
            case TrainPredictor.Result.Trained t ->
                "Trained version " + t.trained().version() + " on " + t.cycles() + " closed cycles (" + t.positives()
                        + " positive); every lead is scored with it. "
                        + said(services.live().evaluatePredictor().evaluate(now()));
            case TrainPredictor.Result.TooFew f -> "Not trained: " + f.reason() + ".";
            case TrainPredictor.Result.Conflict c -> "Not trained: " + c.message() + ".";
        };
        dashboard.redirect(r, "/model#predictive", message);
    }

    private static String said(EvaluatePredictor.Result result) {
        return switch (result) {
            case EvaluatePredictor.Result.Done d ->
                String.format(
                        java.util.Locale.ROOT,
                        "Evaluated: AUC %.3f on the latest %d closed cycles.",
                        d.report().scores().auc(),
                        d.report().test().cycles());
            case EvaluatePredictor.Result.Refused f -> "Not evaluated: " + f.reason() + ".";
        };
    }

    private long now() {
        return services.clock().millis();
    }
}
