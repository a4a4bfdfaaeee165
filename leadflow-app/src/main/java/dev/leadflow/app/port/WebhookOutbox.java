package dev.leadflow.app.port;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The webhook outbox and its delivery log: deliveries are added with the change they tell of
 * ({@link UnitOfWork#delivery}) and leave it only as {@code delivered} or, after retries,
 * {@code dead}. Thread-safe.
 */
public interface WebhookOutbox {

    /** Where a delivery stands. */
    enum State {
        PENDING,
        DELIVERED,
        DEAD;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static State of(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A delivery as stored. */
    record Row(
            String id,
            String webhook,
            String notice,
            String leadId,
            String body,
            State state,
            int attempts,
            long nextAttemptAt,
            @Nullable Long firstAttemptAt,
            @Nullable Long deliveredAt,
            @Nullable String lastError) {}

    /** One try: the receiver's status (null when there was no answer) or the error, and how long it took. */
    record Attempt(
            int attempt,
            long at,
            @Nullable Integer status,
            @Nullable String error,
            long millis) {}

    /** Pending deliveries due at {@code nowMillis}, oldest due first, at most {@code limit}. */
    List<Row> due(long nowMillis, int limit);

    /** The delivery with this id. */
    Optional<Row> get(String id);

    /** Every delivery filed under lead {@code leadId}, oldest first (what a person's export shows). */
    List<Row> forLead(String leadId);

    /** Deliveries in {@code state}, newest first, at most {@code limit}. */
    List<Row> list(State state, int limit);

    /**
     * Records an attempt and where the delivery goes next, in one transaction: {@code next} is
     * {@code DELIVERED}, {@code DEAD}, or {@code PENDING} until {@code nextAttemptAt}.
     */
    void attempted(String id, Attempt a, State next, long nextAttemptAt);

    /** The attempts of a delivery, in order. */
    List<Attempt> log(String id);

    /** Sends a delivered or dead delivery again from {@code nowMillis}; false for an unknown id or one pending. */
    boolean redeliver(String id, long nowMillis);
}
