package dev.leadflow.app;

/**
 * Records were stored but the engine could not apply them and could not be reloaded yet: the
 * records are durable and will be applied when the server recovers; a retry is safe.
 */
public final class StoredNotApplied extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoredNotApplied(RuntimeException cause) {
        super("records were stored but could not be applied yet: " + cause.getMessage(), cause);
    }
}
