package dev.leadflow.lifecycle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Why sales rejected an MQL. The reason decides where the lead goes: back to marketing
 * ({@link Stage#RECYCLED}) or out ({@link Stage#DISQUALIFIED}).
 */
public enum RejectReason {
    PREMATURE(Stage.RECYCLED),
    INACCURATE_DATA(Stage.RECYCLED),
    OTHER(Stage.RECYCLED),
    NOT_ICP(Stage.DISQUALIFIED),
    DUPLICATE(Stage.DISQUALIFIED),
    COMPETITOR(Stage.DISQUALIFIED);

    private final Stage destination;
    private final String wire = name().toLowerCase(Locale.ROOT);

    RejectReason(Stage destination) {
        this.destination = destination;
    }

    /** Where a lead rejected for this reason goes. */
    public Stage destination() {
        return destination;
    }

    public String wireName() {
        return wire;
    }

    public static Optional<RejectReason> fromWire(String name) {
        for (RejectReason r : values()) {
            if (r.wire.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** "premature, inaccurate_data, …" for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(RejectReason::wireName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wire;
    }
}
