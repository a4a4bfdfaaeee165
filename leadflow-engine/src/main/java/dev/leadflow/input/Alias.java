package dev.leadflow.input;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A Segment {@code alias} call: {@code previousId} (a user or anonymous id) is the same person as {@code userId}. */
public record Alias(String messageId, Instant timestamp, String userId, String previousId) implements Input {

    public Alias {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(previousId, "previousId");
    }

    @Override
    public @Nullable String anonymousId() {
        return null;
    }

    @Override
    public String type() {
        return "alias";
    }
}
