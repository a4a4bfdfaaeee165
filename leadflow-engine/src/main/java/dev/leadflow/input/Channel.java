package dev.leadflow.input;

import org.jspecify.annotations.Nullable;

/**
 * A channel dimension an event may carry: its Segment key and the plain UTM-style fallback. The
 * funnel's last-touch attribution and the predictive touch features (docs/PREDICTIVE.md) read
 * them alike.
 */
public enum Channel {
    SOURCE("context.campaign.source", "utm_source"),
    MEDIUM("context.campaign.medium", "utm_medium"),
    CAMPAIGN("context.campaign.name", "campaign"),
    LANDING_PAGE("context.page.path", "path");

    /** The value when no event carries the dimension. */
    public static final String NONE = "(none)";

    private final String key;
    private final String fallback;

    Channel(String key, String fallback) {
        this.key = key;
        this.fallback = fallback;
    }

    /** The property keys this dimension is read from: its Segment key, then its fallback. */
    public java.util.List<String> keys() {
        return java.util.List.of(key, fallback);
    }

    /** The event's value of this dimension if it carries one, else {@code found} (the one before). */
    public String value(Event e, String found) {
        @Nullable Object v = e.properties().get(key);
        if (v == null) {
            v = e.properties().get(fallback);
        }
        return v != null && !v.toString().isBlank() ? v.toString() : found;
    }
}
