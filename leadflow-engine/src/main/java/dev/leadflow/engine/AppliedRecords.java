package dev.leadflow.engine;

import dev.leadflow.input.Input;
import java.util.Arrays;

/**
 * Every record an engine has applied, in processing order, and an index of their messageIds.
 *
 * <p>A record's position here is its place in processing order. A lead's history is a chain
 * through this log: each of its records points to the lead's previous one, and the lead keeps only
 * its last position, so recording costs no per-lead array (the link is written next to the record,
 * at the end of the log) and a merge interleaves two histories by position. The index is what makes a repeated
 * messageId a duplicate wherever it was first applied (input records in README.md, as Segment's messageId): open
 * addressing over {@code long}s that pack the messageId's hash with the record's position, so it
 * holds no object per record, and a candidate is confirmed against the record it points to.
 * Not thread-safe.
 */
final class AppliedRecords {

    /** The most records one engine holds: the index then needs 2^30 slots (8 GiB). */
    static final int MAX_RECORDS = 1 << 29;

    /** No record: the end of a history chain. */
    static final int NONE = -1;

    private Input[] records = new Input[1024];
    /**
     * Per position, the record's place in processing order among records of equal timestamp: its
     * arrival rank, kept when a rebuild applies the record again at a new position.
     */
    private int[] order = new int[1024];
    /** Per position, the position of the previous record of the same lead's history, or {@link #NONE}. */
    private int[] previous = new int[1024];

    private int size;
    /** {@code (hash << 32) | (position + 1)} per slot; 0 marks an empty slot. */
    private long[] slots = new long[2048];

    int size() {
        return size;
    }

    Input get(int position) {
        return records[position];
    }

    /** Whether a record with this messageId has been applied. */
    boolean contains(String messageId) {
        return positionOf(messageId) != AppliedRecords.NONE;
    }

    /** The arrival rank of the applied record with this messageId, or {@link #NONE}. */
    int rankOf(String messageId) {
        int position = positionOf(messageId);
        return position == NONE ? NONE : order[position];
    }

    private int positionOf(String messageId) {
        int s = slotOf(messageId);
        return s == NONE ? NONE : (int) slots[s] - 1;
    }

    /** The index slot holding this messageId, or {@link #NONE}. */
    private int slotOf(String messageId) {
        int hash = messageId.hashCode();
        int mask = slots.length - 1;
        for (int s = spread(hash) & mask; slots[s] != 0; s = (s + 1) & mask) {
            long slot = slots[s];
            if ((int) (slot >>> 32) == hash
                    && records[(int) slot - 1].messageId().equals(messageId)) {
                return s;
            }
        }
        return NONE;
    }

    /**
     * Appends a record whose messageId is not {@linkplain #contains contained} yet, with its arrival
     * rank, and returns its position.
     */
    int add(Input input, int rank) {
        if (size == records.length) {
            if (size == MAX_RECORDS) {
                throw new IllegalStateException(
                        "an engine holds at most " + MAX_RECORDS + " records; partition the leads over more engines");
            }
            records = Arrays.copyOf(records, Math.min(MAX_RECORDS, size * 2));
            previous = Arrays.copyOf(previous, records.length);
            order = Arrays.copyOf(order, records.length);
            rehash(slots.length * 2);
        }
        int position = size++;
        records[position] = input;
        previous[position] = NONE;
        order[position] = rank;
        insert(input.messageId().hashCode(), position);
        return position;
    }

    /**
     * Forgets the record with this messageId, if it was applied: it is no longer a duplicate, and
     * its place in the log is emptied. Only for records whose lead is being rebuilt.
     */
    @SuppressWarnings("NullAway") // empties a slot: only filled slots are read
    void forget(String messageId) {
        int s = slotOf(messageId);
        if (s == NONE) {
            return;
        }
        int mask = slots.length - 1;
        records[(int) slots[s] - 1] = null;
        // backward-shift deletion: later entries of the probe run move into the gap unless their
        // home slot lies cyclically in (gap, next]
        int gap = s;
        for (int next = (gap + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
            int home = spread((int) (slots[next] >>> 32)) & mask;
            boolean between = gap <= next ? gap < home && home <= next : gap < home || home <= next;
            if (!between) {
                slots[gap] = slots[next];
                gap = next;
            }
        }
        slots[gap] = 0;
    }

    /**
     * Whether the record at {@code a} comes before the one at {@code b} in processing order: by
     * timestamp, then by arrival. (Positions are not enough once a rebuild has applied some leads'
     * records again at the end of the log.)
     */
    boolean before(int a, int b) {
        long ta = records[a].epochMillis();
        long tb = records[b].epochMillis();
        return ta != tb ? ta < tb : order[a] < order[b];
    }

    /**
     * Every record held with its arrival rank, copied: cheap to take (two array copies), and put in
     * processing order later by {@link Engine.Records#inProcessingOrder}, away from this log.
     */
    Engine.Records copy() {
        return new Engine.Records(Arrays.copyOf(records, size), Arrays.copyOf(order, size));
    }

    /** Links the record at {@code position} after {@code before} in a lead's history. */
    void link(int position, int before) {
        previous[position] = before;
    }

    /** The positions of the history chain ending at {@code last}, in processing order. */
    int[] chain(int last) {
        int n = 0;
        for (int p = last; p != NONE; p = previous[p]) {
            n++;
        }
        int[] out = new int[n];
        for (int p = last; p != NONE; p = previous[p]) {
            out[--n] = p;
        }
        return out;
    }

    private void insert(int hash, int position) {
        int mask = slots.length - 1;
        int s = spread(hash) & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = ((long) hash << 32) | (position + 1L);
    }

    private void rehash(int capacity) {
        long[] old = slots;
        slots = new long[capacity];
        for (long slot : old) {
            if (slot != 0) {
                insert((int) (slot >>> 32), (int) slot - 1);
            }
        }
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
