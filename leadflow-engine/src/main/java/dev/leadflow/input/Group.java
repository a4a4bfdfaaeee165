package dev.leadflow.input;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Segment {@code group} call: the lead's account. Its traits are already prefixed with
 * {@code company.}, and {@code groupId} is readable as {@code company.id}.
 */
public record Group(
        String messageId,
        Instant timestamp,
        @Nullable String userId,
        @Nullable String anonymousId,
        @Nullable String groupId,
        Fields traits)
        implements Input {

    public Group {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(traits, "traits");
    }

    @Override
    public String type() {
        return "group";
    }
}
