package dev.leadflow.engine;

import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.LifecycleState;
import dev.leadflow.model.Model;
import dev.leadflow.scoring.ScoringState;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One lead inside the engine: its identities, the records that shaped its scores (kept so that an
 * identity merge can rebuild the scores exactly), its scoring state and its lifecycle.
 *
 * <p>The history doubles as the lead's duplicate filter: an open-addressing table maps messageId
 * hashes to history positions, so "was this messageId applied here?" costs no object per record
 * (the records themselves are already kept). Records that are not kept in the history (sales
 * actions, aliases) are remembered in a small set of their own.
 */
final class Lead {

    final String id;
    /** The outcome of every record applied to this lead, shared rather than allocated per record. */
    final Outcome.Applied applied;
    String userId;
    final Set<String> anonymousIds = new LinkedHashSet<>(2);
    ScoringState scoring;
    LifecycleState lifecycle = new LifecycleState();

    private Input[] history = new Input[8];
    private long[] sequence = new long[8];
    private int size;
    /** Pairs (messageId hash, history position + 1); a zero position marks an empty slot. */
    private int[] index = new int[32];
    private Set<String> otherMessageIds;

    Lead(String id, String userId, Model model) {
        this.id = id;
        this.applied = new Outcome.Applied(id);
        this.userId = userId;
        this.scoring = new ScoringState(model);
    }

    /** Adds a record (in processing order, {@code seq} ascending) and applies it to the scores. */
    void record(Input input, long seq) {
        if (size == history.length) {
            history = Arrays.copyOf(history, size * 2);
            sequence = Arrays.copyOf(sequence, size * 2);
        }
        history[size] = input;
        sequence[size] = seq;
        size++;
        indexPosition(size - 1);
        scoring.apply(input);
    }

    /**
     * Takes {@code other}'s records into this lead's history, interleaved in processing order, and
     * rebuilds the scores from the merged history, as if the two had been one lead all along.
     */
    void absorb(Lead other, Model model) {
        anonymousIds.addAll(other.anonymousIds);
        if (other.otherMessageIds != null) {
            other.otherMessageIds.forEach(this::markSeen);
        }
        if (other.size == 0) {
            return;
        }
        if (size == 0) {
            // the usual identification: a new known lead takes over its visitor's history as it is
            history = other.history;
            sequence = other.sequence;
            index = other.index;
            size = other.size;
            scoring = other.scoring;
            return;
        }
        Input[] mine = Arrays.copyOf(history, size);
        long[] mySeq = Arrays.copyOf(sequence, size);
        int total = size + other.size;
        history = new Input[Math.max(8, total)];
        sequence = new long[history.length];
        index = new int[Math.max(32, Integer.highestOneBit(Math.max(1, total)) * 8)];
        size = 0;
        scoring = new ScoringState(model);
        int i = 0;
        int j = 0;
        while (i < mine.length || j < other.size) {
            if (j >= other.size || (i < mine.length && mySeq[i] < other.sequence[j])) {
                record(mine[i], mySeq[i]);
                i++;
            } else {
                record(other.history[j], other.sequence[j]);
                j++;
            }
        }
    }

    /** Whether a record with this messageId was applied to this lead (or a lead merged into it). */
    boolean hasSeen(String messageId) {
        int hash = messageId.hashCode();
        int mask = index.length / 2 - 1;
        for (int slot = spread(hash) & mask; index[2 * slot + 1] != 0; slot = (slot + 1) & mask) {
            if (index[2 * slot] == hash && history[index[2 * slot + 1] - 1].messageId().equals(messageId)) {
                return true;
            }
        }
        return otherMessageIds != null && otherMessageIds.contains(messageId);
    }

    /** Remembers a record that is not kept in the history (sales actions, aliases). */
    void markSeen(String messageId) {
        if (otherMessageIds == null) {
            otherMessageIds = new HashSet<>(4);
        }
        otherMessageIds.add(messageId);
    }

    private void indexPosition(int position) {
        if (2 * (size + 1) > index.length / 2) {
            int[] old = index;
            index = new int[old.length * 2];
            for (int s = 0; s < old.length / 2; s++) {
                if (old[2 * s + 1] != 0) {
                    insert(old[2 * s], old[2 * s + 1]);
                }
            }
        }
        insert(history[position].messageId().hashCode(), position + 1);
    }

    private void insert(int hash, int positionPlusOne) {
        int mask = index.length / 2 - 1;
        int slot = spread(hash) & mask;
        while (index[2 * slot + 1] != 0) {
            slot = (slot + 1) & mask;
        }
        index[2 * slot] = hash;
        index[2 * slot + 1] = positionPlusOne;
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
