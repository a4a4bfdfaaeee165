package dev.leadflow.predict;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A lead's recent events as parallel arrays (id, time, and the name when no predictor names the
 * ids), in the order applied, for {@link Signals}. While the times come in order, events older than
 * {@value #KEPT_DAYS} days before the latest are dropped when the arrays would grow, and, for a
 * predictor, the count of each id in each window of {@link Signals#WINDOW_DAYS} is kept running:
 * an event adds to its id's counts, and moving the windows' end forward takes out the events that
 * left them (docs/PREDICTIVE.md, "In the engine"), so that reading every count costs no pass over
 * the log. Out of order, or for an earlier instant, the counts are taken by a pass. Not thread-safe.
 */
final class EventLog {

    /** How long events are kept: the widest window. */
    static final int KEPT_DAYS = 90;

    private static final long DAY = 86_400_000L;
    /** The bits of an entry that hold the event's id: a predictor reads at most {@value #MAX_IDS} event names. */
    private static final int ID_BITS = 12;

    static final int MAX_IDS = 1 << ID_BITS;
    private static final int WINDOWS = Signals.WINDOW_DAYS.size();
    private static final long[] WINDOW_MILLIS =
            Signals.WINDOW_DAYS.stream().mapToLong(d -> d * DAY).toArray();

    /** The predictor's event names by id; null when the names are kept (training reads every name). */
    private final @Nullable List<String> idNames;

    private @Nullable String @Nullable [] names;
    /** Per event, its time shifted left by {@link #ID_BITS} with its id below: one array to touch, in order of time. */
    private long[] entries = new long[4];

    private int size;
    private boolean unordered;

    /** Per id and window, the events in {@code (countedTo - days, countedTo]}; null when not kept. */
    private int @Nullable [] counts;
    /** Per window, the first event still in it at {@link #countedTo}. */
    private final int[] first = new int[WINDOWS];

    private long countedTo = Long.MIN_VALUE;

    /** A log for a predictor reading the names {@code idNames} (by id), or, when null, for every name. */
    EventLog(@Nullable List<String> idNames) {
        this.idNames = idNames;
        if (idNames == null) {
            names = new String[4];
        }
    }

    private long time(int i) {
        return entries[i] >> ID_BITS;
    }

    private int id(int i) {
        return (int) (entries[i] & ((1 << ID_BITS) - 1));
    }

    /** Adds an event of {@code name} (with the artifact's {@code id} for it) at {@code t}. */
    void add(String name, int id, long t) {
        if (size > 0 && t < time(size - 1)) {
            unordered = true;
            counts = null; // a pass counts from now on
        }
        if (size == entries.length) {
            dropBefore(t);
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
            if (names != null) {
                names = Arrays.copyOf(names, size * 2);
            }
        }
        if (names != null) {
            names[size] = name;
        }
        entries[size++] = (t << ID_BITS) | id;
        if (!unordered && idNames != null) {
            int[] c = counts;
            if (c == null) {
                c = new int[idNames.size() * WINDOWS];
                counts = c;
            }
            for (int w = 0; w < WINDOWS; w++) {
                c[id * WINDOWS + w]++; // in every window once the end reaches t (the end moves only forward)
            }
        }
    }

    /**
     * Per event id (of {@code names} ids) and window, how many fall in {@code (at - days, at]}:
     * the running counts when {@code at} is not before the latest event (and the log in order),
     * else a pass. The array returned may be the log's own: read it before the next change.
     */
    int[] countsById(long at, int names) {
        int[] c = counts;
        if (c != null && size > 0 && at >= time(size - 1) && at >= countedTo) {
            advance(c, at);
            return c;
        }
        int[] passed = new int[names * WINDOWS];
        forEachInWindow(at, (i, w) -> passed[id(i) * WINDOWS + w]++);
        return passed;
    }

    /** Per event name, how many fall in each window {@code (at - days, at]}. */
    Map<String, int[]> countsByName(long at) {
        Map<String, int[]> out = new HashMap<>();
        forEachInWindow(at, (i, w) -> out.computeIfAbsent(name(i), n -> new int[WINDOWS])[w]++);
        return out;
    }

    private String name(int i) {
        List<String> byId = idNames;
        @Nullable String[] kept = names;
        return byId != null
                ? byId.get(id(i))
                : java.util.Objects.requireNonNull(java.util.Objects.requireNonNull(kept)[i]);
    }

    /**
     * Moves the running counts' end to {@code at} (no earlier than it was): takes out the events
     * that left each window.
     */
    private void advance(int[] c, long at) {
        for (int w = 0; w < WINDOWS; w++) {
            int i = first[w];
            while (i < size && at - time(i) >= WINDOW_MILLIS[w]) {
                c[id(i) * WINDOWS + w]--;
                i++;
            }
            first[w] = i;
        }
        countedTo = Math.max(countedTo, at); // the counts stay those of the latest end asked: never earlier
    }

    private interface Visit {
        void event(int index, int window);
    }

    /** Calls {@code visit} for each event and each window {@code (at - days, at]} it falls in, latest first. */
    private void forEachInWindow(long at, Visit visit) {
        for (int i = size - 1; i >= 0; i--) {
            long age = at - time(i);
            if (age >= KEPT_DAYS * DAY && !unordered) {
                break; // in order: every earlier event is older still
            }
            if (age >= 0) {
                for (int w = 0; w < WINDOWS; w++) {
                    if (age < WINDOW_MILLIS[w]) {
                        visit.event(i, w);
                    }
                }
            }
        }
    }

    /**
     * Drops the events no window reaches at {@code t} or later (at or before {@code t} minus the
     * widest window), the running counts first moved to {@code t} so that none of them counts one.
     */
    private void dropBefore(long t) {
        if (unordered) {
            return;
        }
        int[] c = counts;
        if (c != null) {
            advance(c, t); // each window's first is then past every event dropped
        }
        long before = t - KEPT_DAYS * DAY;
        int keep = 0;
        while (keep < size && time(keep) <= before) {
            keep++;
        }
        if (keep > 0) {
            System.arraycopy(entries, keep, entries, 0, size - keep);
            @Nullable String[] kept = names;
            if (kept != null) {
                System.arraycopy(kept, keep, kept, 0, size - keep);
                Arrays.fill(kept, size - keep, size, null);
            }
            size -= keep;
            for (int w = 0; w < WINDOWS; w++) {
                first[w] = Math.max(0, first[w] - keep);
            }
        }
    }
}
