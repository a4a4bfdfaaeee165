package dev.leadflow.lifecycle;

import java.util.Locale;
import java.util.Optional;

/** The lifecycle stages of the lifecycle in README.md, in funnel order, then the two side states. */
public enum Stage {
    VISITOR,
    SUBSCRIBER,
    LEAD,
    MQL,
    SAL,
    SQL,
    OPPORTUNITY,
    CUSTOMER,
    RECYCLED,
    DISQUALIFIED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The name used in files, JSON and the API, e.g. {@code mql}. */
    public String wireName() {
        return wire;
    }

    /** The stage with this wire name, if any. */
    public static Optional<Stage> fromWire(String name) {
        for (Stage s : values()) {
            if (s.wire.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wire;
    }
}
