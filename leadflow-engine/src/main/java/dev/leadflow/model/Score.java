package dev.leadflow.model;

import java.util.Locale;

/** The scores a condition can test with {@code score:}. */
public enum Score {
    FIT,
    ENGAGEMENT,
    /** The predictive model's calibrated probability (docs/PREDICTIVE.md). */
    PROBABILITY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
