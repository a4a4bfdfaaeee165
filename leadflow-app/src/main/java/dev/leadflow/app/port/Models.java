package dev.leadflow.app.port;

import java.util.List;
import java.util.Optional;

/** Published model versions and the draft being edited. Thread-safe. */
public interface Models {

    /** A published model. */
    record Published(int version, String modelId, String yaml, long publishedAt, String publishedBy) {}

    /** The draft. */
    record Draft(String yaml, long updatedAt, String updatedBy) {}

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
}
