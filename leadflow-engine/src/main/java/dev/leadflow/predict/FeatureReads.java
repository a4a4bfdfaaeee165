package dev.leadflow.predict;

import java.util.List;
import java.util.Locale;

/**
 * Where each of an encoder's raw features comes from, parsed once from its name
 * (docs/PREDICTIVE.md, "Features"), so that {@link Signals#probability} reads a lead's features one
 * column at a time instead of building their map: the same values, read in the same order.
 */
final class FeatureReads {

    enum Kind {
        ATTRIBUTE,
        FIT,
        ENGAGEMENT,
        EVENTS,
        DAYS_SINCE_FIRST_SEEN,
        TOUCH,
        PRIOR_CYCLES,
        WEEKDAY,
        /** A name no lead has: always absent. */
        NONE
    }

    /**
     * One column's source: its kind, the attribute key or event name, the window in days, the touch
     * index or, for an attribute or the fit, its place among the columns the profile decides, and for an event count the index of its name's count of its window
     * among those {@code Signals} counts in one pass (name id × windows + window).
     */
    record Read(Kind kind, String key, int number, int eventId) {
        Read(Kind kind, String key, int number) {
            this(kind, key, number, -1);
        }
    }

    private final Read[] reads;
    /** The event names some count column reads, in the order of their ids. */
    private final List<String> events;

    private final java.util.Map<String, Integer> eventIds;
    private final boolean[] touches = new boolean[Signals.TOUCH_NAMES.size()];
    private final int profileColumns;

    private FeatureReads(Read[] parsed) {
        java.util.Map<String, Integer> ids = new java.util.LinkedHashMap<>();
        this.reads = new Read[parsed.length];
        int profileCount = 0;
        for (int i = 0; i < parsed.length; i++) {
            Read r = parsed[i];
            if (r.kind() == Kind.EVENTS) {
                int id = ids.computeIfAbsent(r.key(), k -> ids.size());
                int window = Signals.WINDOW_DAYS.indexOf(r.number());
                r = new Read(r.kind(), r.key(), r.number(), id * Signals.WINDOW_DAYS.size() + window);
            } else if (r.kind() == Kind.TOUCH) {
                touches[r.number()] = true;
            } else if (r.kind() == Kind.ATTRIBUTE || r.kind() == Kind.FIT) {
                r = new Read(r.kind(), r.key(), profileCount++);
            }
            reads[i] = r;
        }
        if (ids.size() > EventLog.MAX_IDS) {
            throw new IllegalArgumentException(
                    "the counts of at most " + EventLog.MAX_IDS + " event names can be read, not " + ids.size());
        }
        this.events = List.copyOf(ids.keySet());
        this.profileColumns = profileCount;
        this.eventIds = java.util.Map.copyOf(ids);
    }

    static FeatureReads of(List<Encoder.Column> columns) {
        Read[] reads = new Read[columns.size()];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = read(columns.get(i).name());
        }
        return new FeatureReads(reads);
    }

    /** The event names whose counts some column reads, in the order of their ids. */
    List<String> events() {
        return events;
    }

    /** The id of event name {@code name}, or -1 when no column reads it. */
    int eventId(String name) {
        Integer id = eventIds.get(name);
        return id == null ? -1 : id;
    }

    /**
     * How many columns the profile decides: attributes and fit (each one's {@code number} is its
     * place among them).
     */
    int profileColumns() {
        return profileColumns;
    }

    /** Whether some column reads touch {@code i} (in {@link Signals#TOUCH_NAMES}' order). */
    boolean touches(int i) {
        return touches[i];
    }

    Read get(int column) {
        return reads[column];
    }

    int size() {
        return reads.length;
    }

    private static Read read(String name) {
        if (name.startsWith(Features.ATTRIBUTE)) {
            return new Read(Kind.ATTRIBUTE, name.substring(Features.ATTRIBUTE.length()), 0);
        }
        if (name.startsWith(Features.EVENTS)) {
            String rest = name.substring(Features.EVENTS.length());
            int dot = rest.lastIndexOf('.');
            if (dot > 0 && rest.endsWith("d")) {
                try {
                    int days = Integer.parseInt(rest.substring(dot + 1, rest.length() - 1));
                    if (Signals.WINDOW_DAYS.contains(days)) {
                        return new Read(Kind.EVENTS, rest.substring(0, dot), days);
                    }
                } catch (NumberFormatException e) {
                    // not a window: no lead has it
                }
            }
            return new Read(Kind.NONE, name, 0);
        }
        if (name.startsWith(Features.TOUCH)) {
            int i = Signals.TOUCH_NAMES.indexOf(name.substring(Features.TOUCH.length()));
            return new Read(i < 0 ? Kind.NONE : Kind.TOUCH, name, i);
        }
        return switch (name) {
            case Features.FIT -> new Read(Kind.FIT, name, 0);
            case Features.ENGAGEMENT -> new Read(Kind.ENGAGEMENT, name, 0);
            case Features.DAYS_SINCE_FIRST_SEEN -> new Read(Kind.DAYS_SINCE_FIRST_SEEN, name, 0);
            case Features.PRIOR_CYCLES -> new Read(Kind.PRIOR_CYCLES, name, 0);
            case Features.WEEKDAY -> new Read(Kind.WEEKDAY, name, 0);
            default -> new Read(Kind.NONE, name.toLowerCase(Locale.ROOT), 0);
        };
    }
}
