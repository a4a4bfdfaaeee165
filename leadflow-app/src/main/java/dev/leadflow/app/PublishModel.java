package dev.leadflow.app;

import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.Models;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelError;
import dev.leadflow.model.ModelParser;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Revenue operations publishes the draft model: it becomes the next version, and every lead is
 * scored again under it (the whole log replayed into a new engine, which replaces the old one at
 * once: readers see either the old scores or the new, never a mix).
 */
public final class PublishModel {

    /** What publishing did. */
    public sealed interface Result {
        /** Published as {@code version}; {@code leads} were scored again. */
        record Published(Models.Published version, int leads) implements Result {}

        /** The draft does not validate (any more). */
        record Invalid(List<ModelError> errors) implements Result {}

        /** Nothing to publish, or this model id is published already: the message says which. */
        record Conflict(String message) implements Result {}
    }

    private final Leads leads;
    private final @Nullable Models models;
    private final AuditLog audit;

    PublishModel(Leads leads, @Nullable Models models, AuditLog audit) {
        this.leads = leads;
        this.models = models;
        this.audit = audit;
    }

    /** {@link #publish(AuditLog.Actor, long)} by {@code by} on this machine (tools and tests). */
    public Result publish(String by, long nowMillis) {
        return publish(new AuditLog.Actor(by, "local"), nowMillis);
    }

    /**
     * One publish at a time: the version published and the model serving must be the same one. A
     * version published is written to the audit log as {@code model.published} by {@code actor}.
     */
    public synchronized Result publish(AuditLog.Actor actor, long nowMillis) {
        Models models = this.models;
        if (models == null) {
            return new Result.Conflict("this server keeps no model versions");
        }
        var draft = models.draft();
        if (draft.isEmpty()) {
            return new Result.Conflict("there is no draft to publish: PUT /api/model first");
        }
        Model model;
        switch (new ModelParser().parse(draft.get().yaml())) {
            case ModelParser.Result.Valid v -> model = v.model();
            case ModelParser.Result.Invalid invalid -> {
                return new Result.Invalid(invalid.errors());
            }
        }
        var same = models.byModelId(model.id());
        if (same.isPresent()) {
            return new Result.Conflict(
                    same.get().yaml().equals(draft.get().yaml())
                            ? "model " + model.id() + " is already published (version "
                                    + same.get().version() + ")"
                            : "model " + model.id() + " is already published with other rules; change its version");
        }
        Models.Published published = models.publish(model.id(), draft.get().yaml(), nowMillis, actor.who());
        audit.append(
                nowMillis,
                actor,
                AuditLog.Action.MODEL_PUBLISHED,
                model.id(),
                java.util.Map.of("version", Integer.toString(published.version())));
        rescore(model, nowMillis);
        return new Result.Published(published, leads.inspect(s -> s.engine().leadCount()));
    }

    /** Scores every lead again under {@code model} (no record is stored meanwhile). */
    public void rescore(Model model, long nowMillis) {
        leads.serially(() -> {
            leads.reload(model, nowMillis);
            return null;
        });
    }
}
