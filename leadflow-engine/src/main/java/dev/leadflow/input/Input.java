package dev.leadflow.input;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One input record: a Segment tracking call or a sales-side lifecycle action.
 *
 * <p>Records are values, parsed and validated once at the edge ({@link InputCodec}). Every record
 * has a non-null {@link #messageId()} (the idempotency key) and a {@link #timestamp()} truncated to
 * milliseconds. {@link #userId()} and {@link #anonymousId()} may be null, but never both.
 */
public sealed interface Input permits Identify, Event, Group, Alias, LifecycleCommand {

    /** The idempotency key; never null. */
    String messageId();

    /** When it happened, millisecond precision; never null. */
    Instant timestamp();

    /** The known identity, or null for an anonymous record. */
    @Nullable
    String userId();

    /** The device or cookie identity, or null. */
    @Nullable
    String anonymousId();

    /** The record type as written in files ({@code identify}, {@code track}, …). */
    String type();

    /** {@link #timestamp()} in epoch milliseconds. */
    default long epochMillis() {
        return timestamp().toEpochMilli();
    }
}
