package dev.leadflow.lifecycle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What sales can do to a lead (the lifecycle in README.md). Automatic moves are not actions. {@code touch} (first
 * contact made, by a channel) changes no stage: it stops the hand-off's first-touch clock.
 */
public enum Action {
    ACCEPT,
    REJECT,
    TOUCH,
    QUALIFY,
    RECYCLE,
    DISQUALIFY,
    OPEN_OPPORTUNITY,
    WIN,
    LOSE;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The name used in files and the API, e.g. {@code open_opportunity}. */
    public String wireName() {
        return wire;
    }

    public static Optional<Action> fromWire(String name) {
        for (Action a : values()) {
            if (a.wire.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** "accept, reject, …" for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(Action::wireName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wire;
    }
}
