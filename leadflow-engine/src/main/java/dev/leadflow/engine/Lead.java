package dev.leadflow.engine;

import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.LifecycleState;
import dev.leadflow.model.Model;
import dev.leadflow.scoring.ScoringState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One lead inside the engine: its identities, the records that shaped its scores (kept so that an
 * identity merge can rebuild the scores exactly), its scoring state and its lifecycle.
 */
final class Lead {

    final String id;
    String userId;
    final Set<String> anonymousIds = new LinkedHashSet<>(2);
    ScoringState scoring;
    LifecycleState lifecycle = new LifecycleState();
    private final List<Input> history = new ArrayList<>();
    private long[] sequence = new long[8];

    Lead(String id, String userId, Model model) {
        this.id = id;
        this.userId = userId;
        this.scoring = new ScoringState(model);
    }

    /** Adds a record (in processing order, {@code seq} ascending) and applies it to the scores. */
    void record(Input input, long seq) {
        if (history.size() == sequence.length) {
            sequence = Arrays.copyOf(sequence, sequence.length * 2);
        }
        sequence[history.size()] = seq;
        history.add(input);
        scoring.apply(input);
    }

    /**
     * Takes {@code other}'s records into this lead's history, interleaved in processing order, and
     * rebuilds the scores from the merged history, as if the two had been one lead all along.
     */
    void absorb(Lead other, Model model) {
        List<Input> mine = new ArrayList<>(history);
        long[] mySeq = Arrays.copyOf(sequence, history.size());
        history.clear();
        sequence = new long[Math.max(8, mine.size() + other.history.size())];
        scoring = new ScoringState(model);
        int i = 0;
        int j = 0;
        while (i < mine.size() || j < other.history.size()) {
            boolean takeMine = j >= other.history.size()
                    || (i < mine.size() && mySeq[i] < other.sequence[j]);
            if (takeMine) {
                record(mine.get(i), mySeq[i]);
                i++;
            } else {
                record(other.history.get(j), other.sequence[j]);
                j++;
            }
        }
        anonymousIds.addAll(other.anonymousIds);
    }

    int historySize() {
        return history.size();
    }
}
