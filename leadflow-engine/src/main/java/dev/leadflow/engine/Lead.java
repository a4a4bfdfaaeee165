package dev.leadflow.engine;

import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.LifecycleState;
import dev.leadflow.model.Model;
import dev.leadflow.scoring.ScoringState;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One lead inside the engine: its identities, the records that shaped its scores (kept, as
 * positions in the engine's {@link AppliedRecords}, so that an identity merge can rebuild the
 * scores exactly), its scoring state and its lifecycle.
 */
final class Lead {

    final String id;
    /** The outcome of every record applied to this lead, shared rather than allocated per record. */
    final Outcome.Applied applied;
    String userId;
    final Set<String> anonymousIds = new LinkedHashSet<>(2);
    ScoringState scoring;
    LifecycleState lifecycle = new LifecycleState();

    /** Positions in processing order, ascending, of the records in this lead's history. */
    private int[] history = new int[8];
    private int size;

    Lead(String id, String userId, Model model) {
        this.id = id;
        this.applied = new Outcome.Applied(id);
        this.userId = userId;
        this.scoring = new ScoringState(model);
    }

    /** Adds the record at {@code position} (later than any before) and applies it to the scores. */
    void record(int position, Input input) {
        if (size == history.length) {
            history = Arrays.copyOf(history, size * 2);
        }
        history[size++] = position;
        scoring.apply(input);
    }

    /**
     * Takes {@code other}'s records into this lead's history, interleaved in processing order, and
     * rebuilds the scores from the merged history, as if the two had been one lead all along.
     */
    void absorb(Lead other, Model model, AppliedRecords records) {
        anonymousIds.addAll(other.anonymousIds);
        if (other.size == 0) {
            return;
        }
        if (size == 0) {
            // the usual identification: a new known lead takes over its visitor's history as it is
            history = other.history;
            size = other.size;
            scoring = other.scoring;
            return;
        }
        int[] mine = Arrays.copyOf(history, size);
        history = new int[size + other.size];
        size = 0;
        scoring = new ScoringState(model);
        int i = 0;
        int j = 0;
        while (i < mine.length || j < other.size) {
            int position = j >= other.size || (i < mine.length && mine[i] < other.history[j])
                    ? mine[i++]
                    : other.history[j++];
            record(position, records.get(position));
        }
    }
}
