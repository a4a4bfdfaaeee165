package dev.leadflow.predict;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code predictive:} section (docs/PREDICTIVE.md): what a qualification cycle is labelled for
 * and how the probability is learned from the instance's closed cycles.
 *
 * @param target        what makes a cycle positive: reaching SQL, or being won
 * @param attributes    the profile attributes to learn from; empty: every one present on at least
 *                      1% of the training cycles
 * @param minOutcomes   below this many closed cycles of either class there is no probability
 * @param retrainMillis how often the server retrains and publishes a new version
 * @param horizonMillis a cycle still open this long after its MQL instant counts as ended without
 *                      the target (most MQLs are never closed by hand)
 * @param zone          the time zone of the weekday feature
 */
public record Predictive(
        Target target,
        Optional<List<String>> attributes,
        int minOutcomes,
        long retrainMillis,
        long horizonMillis,
        ZoneId zone) {

    /** What a cycle is labelled positive for. */
    public enum Target {
        SQL,
        WON;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final int DEFAULT_MIN_OUTCOMES = 40;
    public static final long DEFAULT_RETRAIN = 7 * 86_400_000L;
    public static final long DEFAULT_HORIZON = 90 * 86_400_000L;

    public Predictive {
        attributes = attributes.map(List::copyOf);
    }
}
