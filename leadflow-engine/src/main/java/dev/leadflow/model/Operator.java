package dev.leadflow.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The comparison operators of docs/MODEL.md. */
public enum Operator {
    EQ,
    NE,
    IN,
    NOT_IN,
    GT,
    GTE,
    LT,
    LTE,
    CONTAINS,
    STARTS_WITH,
    ENDS_WITH,
    MATCHES,
    EXISTS;

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wire;
    }

    public static Optional<Operator> fromWire(String name) {
        return Arrays.stream(values()).filter(o -> o.wire.equals(name)).findFirst();
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(Operator::wireName).collect(Collectors.joining(" "));
    }
}
