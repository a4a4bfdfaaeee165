package dev.leadflow.report;

import dev.leadflow.input.Channel;
import dev.leadflow.input.Event;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The channel dimensions of a funnel slice, read from the event that converted the lead: for a
 * cycle, the last event at or before its MQL instant that carries the dimension (last-touch
 * attribution, skipping events without it, as web analytics does); for the person, the same at the
 * moment they became a lead. {@value #NONE} when no event carries it.
 */
public enum Attribution {
    SOURCE(Channel.SOURCE),
    MEDIUM(Channel.MEDIUM),
    CAMPAIGN(Channel.CAMPAIGN),
    LANDING_PAGE(Channel.LANDING_PAGE);

    public static final String NONE = Channel.NONE;

    private final Channel channel;
    private final String wireName = name().toLowerCase(Locale.ROOT);

    Attribution(Channel channel) {
        this.channel = channel;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Attribution> fromWire(@Nullable String name) {
        for (Attribution a : values()) {
            if (a.wireName().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The dimension's value for the lead's cycle {@code cycle} (0: the person), from its history in order. */
    public String of(List<Input> history, List<Transition> transitions, int cycle) {
        OptionalLong at = instant(transitions, cycle);
        return at.isPresent() ? at(history, at.getAsLong()) : NONE;
    }

    /**
     * Every dimension's value ({@link #of}) for each of the lead's cycles 0 to {@code cycles - 1}, the
     * history walked once per cycle: {@code [dimension ordinal][cycle]}, a new array.
     */
    public static String[][] ofEveryCycle(List<Input> history, List<Transition> transitions, int cycles) {
        Attribution[] all = values();
        String[][] out = new String[all.length][cycles];
        for (int cycle = 0; cycle < cycles; cycle++) {
            for (Attribution a : all) {
                out[a.ordinal()][cycle] = NONE;
            }
            OptionalLong at = instant(transitions, cycle);
            for (int i = 0; at.isPresent() && i < history.size(); i++) {
                if (history.get(i).epochMillis() <= at.getAsLong() && history.get(i) instanceof Event e) {
                    for (Attribution a : all) {
                        out[a.ordinal()][cycle] = a.value(e, out[a.ordinal()][cycle]);
                    }
                }
            }
        }
        return out;
    }

    /** When the cycle began for attribution: its MQL entry, or for cycle 0 when the person became a lead. */
    private static OptionalLong instant(List<Transition> transitions, int cycle) {
        if (cycle == 0) {
            return Funnel.becameLead(transitions).map(OptionalLong::of).orElse(OptionalLong.empty());
        }
        for (Transition t : transitions) {
            if (t.to() == Stage.MQL && t.cycle() == cycle) {
                return OptionalLong.of(t.at());
            }
        }
        return OptionalLong.empty();
    }

    /** The value on the last event at or before {@code atMillis} that has one. */
    String at(List<Input> history, long atMillis) {
        String found = NONE;
        for (Input in : history) {
            // histories are in processing order, which is by time; late ones are skipped too
            if (in.epochMillis() <= atMillis && in instanceof Event e) {
                found = value(e, found);
            }
        }
        return found;
    }

    /** The event's value of this dimension if it carries one, else {@code found} (the one before). */
    public String value(Event e, String found) {
        return channel.value(e, found);
    }
}
