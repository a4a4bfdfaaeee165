package dev.leadflow.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A map from ids (userIds, anonymousIds) to leads: open addressing with linear probing, the key's
 * mixed hash in one array and the key and lead side by side in another. Compared with a
 * {@code HashMap} it has no node per entry, so finding a lead costs one memory access fewer and the table holds no garbage. Not
 * thread-safe.
 */
final class LeadTable {

    private static final int MIN_SLOTS = 1 << 10;

    /** Mixed hash per slot; 0 marks an empty slot (a real hash of 0 is stored as 1). */
    private int[] hashes = new int[MIN_SLOTS];
    /** Key at {@code 2 * slot}, lead at {@code 2 * slot + 1}. */
    private Object[] entries = new Object[2 * MIN_SLOTS];

    private int size;

    int size() {
        return size;
    }

    boolean containsKey(String key) {
        return get(key) != null;
    }

    @Nullable
    Lead get(String key) {
        int h = hash(key);
        int mask = hashes.length - 1;
        for (int s = h & mask; hashes[s] != 0; s = (s + 1) & mask) {
            if (hashes[s] == h && key.equals(entries[2 * s])) {
                return (Lead) entries[2 * s + 1];
            }
        }
        return null;
    }

    void put(String key, Lead lead) {
        if (2 * (size + 1) > hashes.length) {
            resize(hashes.length * 2);
        }
        int h = hash(key);
        int mask = hashes.length - 1;
        int s = h & mask;
        for (; hashes[s] != 0; s = (s + 1) & mask) {
            if (hashes[s] == h && key.equals(entries[2 * s])) {
                entries[2 * s + 1] = lead;
                return;
            }
        }
        hashes[s] = h;
        entries[2 * s] = key;
        entries[2 * s + 1] = lead;
        size++;
    }

    /** Removes {@code key}, shifting later entries of its probe run back (no tombstones). */
    @SuppressWarnings("NullAway") // empties a slot: only filled slots are read
    void remove(String key) {
        int h = hash(key);
        int mask = hashes.length - 1;
        int s = h & mask;
        while (hashes[s] != 0 && !(hashes[s] == h && key.equals(entries[2 * s]))) {
            s = (s + 1) & mask;
        }
        if (hashes[s] == 0) {
            return;
        }
        size--;
        int gap = s;
        for (int next = (gap + 1) & mask; hashes[next] != 0; next = (next + 1) & mask) {
            int home = hashes[next] & mask;
            // the entry at next may move into the gap if its home is not cyclically in (gap, next]
            boolean between = gap <= next ? gap < home && home <= next : gap < home || home <= next;
            if (!between) {
                hashes[gap] = hashes[next];
                entries[2 * gap] = entries[2 * next];
                entries[2 * gap + 1] = entries[2 * next + 1];
                gap = next;
            }
        }
        hashes[gap] = 0;
        entries[2 * gap] = null;
        entries[2 * gap + 1] = null;
    }

    /** The keys, in no particular order. */
    List<String> keys() {
        List<String> out = new ArrayList<>(size);
        for (int s = 0; s < hashes.length; s++) {
            if (hashes[s] != 0) {
                out.add((String) entries[2 * s]);
            }
        }
        return out;
    }

    /** Every lead, in no particular order. */
    void forEachLead(Consumer<Lead> action) {
        for (int s = 0; s < hashes.length; s++) {
            if (hashes[s] != 0) {
                action.accept((Lead) entries[2 * s + 1]);
            }
        }
    }

    private void resize(int slots) {
        int[] oldHashes = hashes;
        Object[] oldEntries = entries;
        hashes = new int[slots];
        entries = new Object[2 * slots];
        int mask = slots - 1;
        for (int o = 0; o < oldHashes.length; o++) {
            int h = oldHashes[o];
            if (h != 0) {
                int s = h & mask;
                while (hashes[s] != 0) {
                    s = (s + 1) & mask;
                }
                hashes[s] = h;
                entries[2 * s] = oldEntries[2 * o];
                entries[2 * s + 1] = oldEntries[2 * o + 1];
            }
        }
    }

    private static int hash(String key) {
        int h = key.hashCode() * 0x9E3779B9;
        h ^= h >>> 16;
        return h == 0 ? 1 : h;
    }
}
