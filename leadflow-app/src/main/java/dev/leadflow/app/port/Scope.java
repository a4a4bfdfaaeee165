package dev.leadflow.app.port;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a key may do. {@code write} keys only ingest events (they ship inside websites and apps);
 * {@code read} reads the API; {@code act} reads and performs lifecycle actions; {@code admin}
 * does everything, ingesting and model changes included.
 */
public enum Scope {
    WRITE,
    READ,
    ACT,
    ADMIN;

    /** Whether a key of this scope may do what {@code needed} allows. */
    public boolean allows(Scope needed) {
        return switch (this) {
            case ADMIN -> true;
            case ACT -> needed == READ || needed == ACT;
            case READ -> needed == READ;
            case WRITE -> needed == WRITE;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(text)).findFirst();
    }

    /** "write, read, act, admin", for messages. */
    public static String names() {
        return Arrays.stream(values()).map(Scope::wireName).collect(Collectors.joining(", "));
    }
}
