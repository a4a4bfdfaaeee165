package dev.leadflow.input;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A Segment {@code track} call; {@link #name()} is already snake_case ("Demo Requested" → demo_requested). */
public record Track(
        String messageId,
        Instant timestamp,
        @Nullable String userId,
        @Nullable String anonymousId,
        String name,
        Fields properties)
        implements Event {

    public Track {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public String type() {
        return "track";
    }
}
