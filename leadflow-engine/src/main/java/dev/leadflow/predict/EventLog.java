package dev.leadflow.predict;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lead's recent events as parallel arrays (name, id, time), in the order applied, for
 * {@link Signals}: one contiguous log rather than a map of lists, so that counting every window of
 * {@link Signals#WINDOW_DAYS} is one backward pass over a few cache lines. While the times come in
 * order, events older than {@value #KEPT_DAYS} days before the latest are dropped when the arrays
 * would grow. Not thread-safe.
 */
final class EventLog {

    /** How long events are kept: the widest window. */
    static final int KEPT_DAYS = 90;

    private static final long DAY = 86_400_000L;
    private static final List<Integer> WINDOWS = Signals.WINDOW_DAYS;

    private String[] names = new String[4];
    private int[] ids = new int[4];
    private long[] times = new long[4];
    private int size;
    private boolean unordered;

    /** Adds an event of {@code name} (with the artifact's {@code id} for it) at {@code t}. */
    void add(String name, int id, long t) {
        unordered |= size > 0 && t < times[size - 1];
        if (size == times.length) {
            dropBefore(t - KEPT_DAYS * DAY);
        }
        if (size == times.length) {
            names = Arrays.copyOf(names, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
            times = Arrays.copyOf(times, size * 2);
        }
        names[size] = name;
        ids[size] = id;
        times[size++] = t;
    }

    /** Per event id (of {@code names} ids) and window, how many fall in {@code (at - days, at]}. */
    int[] countsById(long at, int names) {
        int[] counts = new int[names * WINDOWS.size()];
        forEachInWindow(at, (i, w) -> counts[ids[i] * WINDOWS.size() + w]++);
        return counts;
    }

    /** Per event name, how many fall in each window {@code (at - days, at]}. */
    Map<String, int[]> countsByName(long at) {
        Map<String, int[]> out = new HashMap<>();
        forEachInWindow(at, (i, w) -> out.computeIfAbsent(names[i], n -> new int[WINDOWS.size()])[w]++);
        return out;
    }

    private interface Visit {
        void event(int index, int window);
    }

    /** Calls {@code visit} for each event and each window {@code (at - days, at]} it falls in, latest first. */
    private void forEachInWindow(long at, Visit visit) {
        for (int i = size - 1; i >= 0; i--) {
            long age = at - times[i];
            if (age >= KEPT_DAYS * DAY && !unordered) {
                break; // in order: every earlier event is older still
            }
            if (age >= 0) {
                for (int w = 0; w < WINDOWS.size(); w++) {
                    if (age < WINDOWS.get(w) * DAY) {
                        visit.event(i, w);
                    }
                }
            }
        }
    }

    /** Drops the events at or before {@code before}: no window reaches them any more. */
    private void dropBefore(long before) {
        if (unordered) {
            return;
        }
        int keep = 0;
        while (keep < size && times[keep] <= before) {
            keep++;
        }
        if (keep > 0) {
            System.arraycopy(names, keep, names, 0, size - keep);
            System.arraycopy(ids, keep, ids, 0, size - keep);
            System.arraycopy(times, keep, times, 0, size - keep);
            Arrays.fill(names, size - keep, size, null);
            size -= keep;
        }
    }
}
