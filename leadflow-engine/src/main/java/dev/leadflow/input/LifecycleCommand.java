package dev.leadflow.input;

import dev.leadflow.lifecycle.Action;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A sales-side action on a known lead, e.g. {@code {"type":"lifecycle","userId":"u1","action":"reject",
 * "reason":"premature"}}. {@code reason}, {@code note} and {@code amount} may be null; {@code actor} is
 * who did it (a user or API key), {@code "sales"} when the record does not say.
 */
public record LifecycleCommand(
        String messageId,
        Instant timestamp,
        String userId,
        Action action,
        @Nullable String reason,
        @Nullable String note,
        String actor,
        @Nullable Double amount)
        implements Input {

    public LifecycleCommand {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
    }

    @Override
    public @Nullable String anonymousId() {
        return null;
    }

    @Override
    public String type() {
        return "lifecycle";
    }
}
