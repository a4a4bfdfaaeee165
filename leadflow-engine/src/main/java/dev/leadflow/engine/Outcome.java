package dev.leadflow.engine;

/** What the engine did with one record. */
public sealed interface Outcome {

    /** The record was applied to the lead {@code leadId}. */
    record Applied(String leadId) implements Outcome {}

    /** The record's messageId was seen before: accepted and ignored. */
    record Duplicate(String messageId) implements Outcome {}

    /**
     * The record was refused and changed nothing.
     *
     * @param kind    why: an action not allowed in the lead's stage, a bad reason, or an unknown lead
     * @param message what is wrong, naming the allowed actions where that helps
     */
    record Refused(Kind kind, String message) implements Outcome {}

    /** Kinds of refusal, for mapping to HTTP statuses (409, 400, 404). */
    enum Kind {
        NOT_ALLOWED,
        BAD_REASON,
        UNKNOWN_LEAD
    }
}
