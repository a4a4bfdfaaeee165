package dev.leadflow.input;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A Segment {@code identify} call; its traits become profile attributes (dotted keys). */
public record Identify(
        String messageId,
        Instant timestamp,
        @Nullable String userId,
        @Nullable String anonymousId,
        Fields traits) implements Input {

    public Identify {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(traits, "traits");
    }

    @Override
    public String type() {
        return "identify";
    }
}
