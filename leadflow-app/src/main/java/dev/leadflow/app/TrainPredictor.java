package dev.leadflow.app;

import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.Learning;
import dev.leadflow.app.port.Models;
import dev.leadflow.app.predict.Learner;
import dev.leadflow.model.Model;
import dev.leadflow.predict.Features;
import dev.leadflow.predict.Predictive;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Revenue operations (or the schedule) trains the predictive model now (docs/PREDICTIVE.md,
 * "Training on the server"): the closed cycles of every stored record, replayed under the model in
 * force, teach a new artifact, which is kept as the model's latest and applied to every lead (the
 * log replayed under the model with it, as publishing does). The replays and the training run
 * beside ingestion; only the catch-up of the records stored meanwhile and the swap hold writes.
 */
public final class TrainPredictor {

    /** What training did. */
    public sealed interface Result {
        /** Trained and applied: the artifact kept as {@code trained}, from these cycles. */
        record Trained(Models.Trained trained, int cycles, int positives, int open) implements Result {}

        /** No artifact: too few outcomes, or nothing tells the cycles apart; the reason, for people. */
        record TooFew(String reason, int cycles, int positives) implements Result {}

        /** The model has no predictive section, or this server keeps no models: the message says which. */
        record Conflict(String message) implements Result {}
    }

    private final Leads leads;
    private final @Nullable Models models;
    private final @Nullable Learning learning;
    private final AuditLog audit;

    TrainPredictor(Leads leads, @Nullable Models models, @Nullable Learning learning, AuditLog audit) {
        this.leads = leads;
        this.models = models;
        this.learning = learning;
        this.audit = audit;
    }

    /** The model of the last scheduled attempt, and when it was (so that too few outcomes wait a round). */
    private @Nullable String attemptedModel;

    private long attemptedAt = Long.MIN_VALUE;

    /**
     * Trains if the model in force is due (docs/PREDICTIVE.md, "Training on the server"): it has a
     * predictive section, and it was never trained or its latest artifact is older than
     * {@code predictive.retrain}; an attempt that found too few outcomes waits the same interval.
     * Empty when not due.
     */
    public synchronized Optional<Result> trainIfDue(long nowMillis) {
        Models models = this.models;
        if (models == null || learning == null) {
            return Optional.empty();
        }
        Model live = leads.inspect(s -> s.engine().model());
        Optional<Predictive> spec = live.predictive();
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        long last =
                models.latestTrained(live.id()).map(Models.Trained::trainedAt).orElse(Long.MIN_VALUE);
        if (live.id().equals(attemptedModel)) {
            last = Math.max(last, attemptedAt);
        }
        if (last != Long.MIN_VALUE && nowMillis - last < spec.get().retrainMillis()) {
            return Optional.empty();
        }
        attemptedModel = live.id();
        attemptedAt = nowMillis;
        return Optional.of(train(AuditLog.Actor.SERVER, nowMillis));
    }

    /** Who trained, when the schedule did. */
    public static final String SCHEDULE = AuditLog.Actor.SERVER.who();

    /** {@link #train(AuditLog.Actor, long)} by {@code by} on this machine (tools and tests). */
    public Result train(String by, long nowMillis) {
        return train(new AuditLog.Actor(by, "local"), nowMillis);
    }

    /**
     * One training at a time: the artifact kept and the one applied must be the same. An artifact
     * kept is written to the audit log as {@code predictor.trained} by {@code actor}.
     */
    public synchronized Result train(AuditLog.Actor actor, long nowMillis) {
        Models models = this.models;
        Learning learning = this.learning;
        if (models == null || learning == null) {
            return new Result.Conflict("this server keeps no model versions, or cannot train");
        }
        Optional<CyclesInForce> in = CyclesInForce.of(leads);
        if (in.isEmpty()) {
            return new Result.Conflict(
                    CyclesInForce.noSection(leads.inspect(s -> s.engine().model())));
        }
        Model model = in.get().model();
        Predictive spec = in.get().spec();
        Features.Examples examples = in.get().examples();
        int cycles = examples.closed().size();
        int positives = (int) examples.positives();
        return switch (Learner.train(learning, examples.closed(), model, spec, nowMillis)) {
            case Learner.Result.TooFew f -> new Result.TooFew(f.reason(), cycles, positives);
            case Learner.Result.Trained t -> {
                Models.Trained kept = models.saveTrained(model.id(), t.predictor(), nowMillis, actor.who());
                audit.append(
                        nowMillis,
                        actor,
                        AuditLog.Action.PREDICTOR_TRAINED,
                        model.id(),
                        java.util.Map.of(
                                "version", Integer.toString(kept.version()),
                                "cycles", Integer.toString(cycles),
                                "positives", Integer.toString(positives)));
                leads.reloadBeside( // unless a publish came between: it applies its own
                        model.withPredictor(Optional.of(t.predictor())),
                        nowMillis,
                        live -> live.id().equals(model.id()));
                yield new Result.Trained(
                        kept, cycles, positives, examples.open().size());
            }
        };
    }
}
