package dev.leadflow.app;

/**
 * Lead ids to their position in the {@link ReportIndex}: an open-addressing table with linear
 * probing, so that a million leads cost two arrays rather than two objects each. Not thread-safe.
 */
final class Positions {

    /** What {@link #get} answers for an id it does not hold. */
    static final int NONE = -1;

    private String[] ids = new String[16];
    private int[] positions = new int[16];
    private int size;

    /** The position of {@code id}, or {@link #NONE}. */
    int get(String id) {
        for (int slot = slot(id, ids.length); ids[slot] != null; slot = (slot + 1) & (ids.length - 1)) {
            if (ids[slot].equals(id)) {
                return positions[slot];
            }
        }
        return NONE;
    }

    /** Sets the position of {@code id}, added or replaced. */
    void put(String id, int position) {
        if (2 * (size + 1) > ids.length) {
            grow();
        }
        int slot = slot(id, ids.length);
        while (ids[slot] != null && !ids[slot].equals(id)) {
            slot = (slot + 1) & (ids.length - 1);
        }
        if (ids[slot] == null) {
            ids[slot] = id;
            size++;
        }
        positions[slot] = position;
    }

    /** Forgets {@code id}, if held: the entries after it in its run move back (no tombstones). */
    @SuppressWarnings("NullAway") // clears the slot past the end: only slots below the size are read
    void remove(String id) {
        int mask = ids.length - 1;
        int slot = slot(id, ids.length);
        while (ids[slot] != null && !ids[slot].equals(id)) {
            slot = (slot + 1) & mask;
        }
        if (ids[slot] == null) {
            return;
        }
        size--;
        int hole = slot;
        for (int next = (hole + 1) & mask; ids[next] != null; next = (next + 1) & mask) {
            int home = slot(ids[next], ids.length);
            if (((next - home) & mask) >= ((next - hole) & mask)) { // its home is at or before the hole
                ids[hole] = ids[next];
                positions[hole] = positions[next];
                hole = next;
            }
        }
        ids[hole] = null;
    }

    /** Forgets every id, keeping room for {@code expected} of them. */
    void clear(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, 2 * expected - 1)) << 1;
        ids = new String[capacity];
        positions = new int[capacity];
        size = 0;
    }

    int size() {
        return size;
    }

    private void grow() {
        String[] oldIds = ids;
        int[] oldPositions = positions;
        ids = new String[oldIds.length * 2];
        positions = new int[oldIds.length * 2];
        size = 0;
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != null) {
                put(oldIds[i], oldPositions[i]);
            }
        }
    }

    private static int slot(String id, int capacity) {
        int h = id.hashCode() * 0x9E3779B9; // spread: ids often differ in their last characters only
        return (h ^ (h >>> 16)) & (capacity - 1);
    }
}
