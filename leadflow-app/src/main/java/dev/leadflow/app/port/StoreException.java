package dev.leadflow.app.port;

import org.jspecify.annotations.Nullable;

/** The database failed or refused: the message names what and where, for the operator. */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final boolean maybeStored;

    public StoreException(String message, @Nullable Throwable cause) {
        this(message, cause, true);
    }

    /** {@code maybeStored}: false when a failed append is known to have stored nothing. */
    public StoreException(String message, @Nullable Throwable cause, boolean maybeStored) {
        super(message, cause);
        this.maybeStored = maybeStored;
    }

    /** Whether the records of a failed append may have been stored all the same. */
    public boolean maybeStored() {
        return maybeStored;
    }
}
