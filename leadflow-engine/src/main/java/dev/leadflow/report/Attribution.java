package dev.leadflow.report;

import dev.leadflow.input.Event;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The channel dimensions of a funnel slice, read from the event that converted the lead: for a
 * cycle, the last event at or before its MQL instant that carries the dimension (last-touch
 * attribution, skipping events without it, as web analytics does); for the person, the same at the
 * moment they became a lead. {@value #NONE} when no event carries it.
 */
public enum Attribution {
    SOURCE("context.campaign.source", "utm_source"),
    MEDIUM("context.campaign.medium", "utm_medium"),
    CAMPAIGN("context.campaign.name", "campaign"),
    LANDING_PAGE("context.page.path", "path");

    public static final String NONE = "(none)";

    private final String key;
    private final String fallback;

    Attribution(String key, String fallback) {
        this.key = key;
        this.fallback = fallback;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Attribution> fromWire(String name) {
        for (Attribution a : values()) {
            if (a.wireName().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The dimension's value for the lead's cycle {@code cycle} (0: the person), from its history in order. */
    public String of(List<Input> history, List<Transition> transitions, int cycle) {
        Optional<Long> at = cycle == 0 ? Funnel.becameLead(transitions) : transitions.stream()
                .filter(t -> t.to() == Stage.MQL && t.cycle() == cycle).map(Transition::at).findFirst();
        return at.map(t -> at(history, t)).orElse(NONE);
    }

    /** The value on the last event at or before {@code atMillis} that has one. */
    String at(List<Input> history, long atMillis) {
        String found = NONE;
        for (Input in : history) {
            if (in.epochMillis() > atMillis) {
                continue; // histories are in processing order, which is by time; late ones are skipped too
            }
            if (in instanceof Event e) {
                Object v = e.properties().get(key);
                if (v == null) {
                    v = e.properties().get(fallback);
                }
                if (v != null && !v.toString().isBlank()) {
                    found = v.toString();
                }
            }
        }
        return found;
    }
}
