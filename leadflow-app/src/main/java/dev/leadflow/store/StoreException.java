package dev.leadflow.store;

/** The database failed or refused: the message names what and where, for the operator. */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
