package dev.leadflow.adapter.jdbc;

/**
 * A set of messageIds: open addressing over the strings themselves (no node per id, and the
 * strings are usually shared with the records that carry them). Not thread-safe.
 */
final class MessageIds {

    MessageIds() {
        this(2048);
    }

    /** A set sized for about {@code expected} ids (it grows beyond). */
    MessageIds(int expected) {
        slots = new String[Math.max(16, Integer.highestOneBit(Math.max(1, expected)) << 2)];
    }

    private String[] slots;
    private int size;

    boolean contains(String id) {
        int mask = slots.length - 1;
        for (int s = spread(id.hashCode()) & mask; slots[s] != null; s = (s + 1) & mask) {
            if (slots[s].equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@code id}; false when it was there already. */
    boolean add(String id) {
        if (2 * (size + 1) > slots.length) {
            String[] old = slots;
            slots = new String[old.length * 2];
            for (String s : old) {
                if (s != null) {
                    insert(s);
                }
            }
        }
        if (contains(id)) {
            return false;
        }
        insert(id);
        size++;
        return true;
    }

    private void insert(String id) {
        int mask = slots.length - 1;
        int s = spread(id.hashCode()) & mask;
        while (slots[s] != null) {
            s = (s + 1) & mask;
        }
        slots[s] = id;
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
