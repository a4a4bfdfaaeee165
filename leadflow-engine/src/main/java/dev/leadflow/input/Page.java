package dev.leadflow.input;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Segment {@code page} call. Its {@link #name()} is always {@code page}; the page's own name and
 * category are readable as the properties {@code name} and {@code category}.
 */
public record Page(
        String messageId,
        Instant timestamp,
        @Nullable String userId,
        @Nullable String anonymousId,
        Fields properties) implements Event {

    /** The event name that rules use for page calls. */
    public static final String EVENT_NAME = "page";

    public Page {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public String name() {
        return EVENT_NAME;
    }

    @Override
    public String type() {
        return "page";
    }
}
