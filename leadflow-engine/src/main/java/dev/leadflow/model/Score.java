package dev.leadflow.model;

import java.util.Locale;

/** The scores a condition can test with {@code score:}. */
public enum Score {
    FIT,
    ENGAGEMENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
