package dev.leadflow.predict;

import java.util.List;
import java.util.SortedMap;

/**
 * The raw features' names, and the examples a predictive model learns from (docs/PREDICTIVE.md):
 * qualification cycles with the raw features known at their MQL instants, as
 * {@code dev.leadflow.lab.PredictiveExamples} takes them from a replayed history.
 */
public final class Features {

    public static final String ATTRIBUTE = "attribute.";
    public static final String FIT = "fit";
    public static final String ENGAGEMENT = "engagement";
    public static final String EVENTS = "events.";
    public static final String DAYS_SINCE_FIRST_SEEN = "days_since_first_seen";
    public static final String TOUCH = "touch.";
    public static final String PRIOR_CYCLES = "prior_cycles";
    public static final String WEEKDAY = "mql.weekday";

    /** One cycle: whose, which, when it became an MQL, its label (false while open) and its raw features then. */
    public record Example(String leadId, int cycle, long mqlAt, boolean positive, SortedMap<String, Object> features) {}

    /** The closed cycles and the open ones, each in MQL order (then lead, then cycle). */
    public record Examples(List<Example> closed, List<Example> open) {
        public Examples {
            closed = List.copyOf(closed);
            open = List.copyOf(open);
        }

        public long positives() {
            return closed.stream().filter(Example::positive).count();
        }
    }

    private Features() {}
}
