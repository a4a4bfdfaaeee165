package dev.leadflow.app.port;

import dev.leadflow.predict.Predictor;
import java.util.List;
import java.util.Optional;

/** Published model versions, the draft being edited, and the predictors trained for them. Thread-safe. */
public interface Models {

    /** A published model. */
    record Published(int version, String modelId, String yaml, long publishedAt, String publishedBy) {}

    /** The draft. */
    record Draft(String yaml, long updatedAt, String updatedBy) {}

    /** A trained predictive artifact (docs/PREDICTIVE.md) for the model {@code modelId}. */
    record Trained(int version, String modelId, Predictor predictor, long trainedAt, String trainedBy) {}

    /** The latest published version, if any. */
    Optional<Published> current();

    /** Every published version, newest first. */
    List<Published> versions();

    /** The published version with this {@code name@version}, if any. */
    default Optional<Published> byModelId(String modelId) {
        return versions().stream().filter(p -> p.modelId().equals(modelId)).findFirst();
    }

    /** Records a new published version; {@code modelId} must not be published yet. */
    Published publish(String modelId, String yaml, long at, String by);

    Optional<Draft> draft();

    /** Replaces the draft. */
    void saveDraft(String yaml, long at, String by);

    /** Keeps a newly trained artifact for {@code modelId} as its latest. */
    Trained saveTrained(String modelId, Predictor predictor, long at, String by);

    /** The artifacts trained for {@code modelId}, newest first. */
    List<Trained> trained(String modelId);

    /** The latest artifact trained for {@code modelId}, if any: the one the server applies. */
    default Optional<Trained> latestTrained(String modelId) {
        return trained(modelId).stream().findFirst();
    }
}
