package dev.leadflow.engine;

import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.LifecycleState;
import dev.leadflow.model.Model;
import dev.leadflow.scoring.ScoringState;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One lead inside the engine: its identities, the records that shaped its scores (kept as a chain
 * through the engine's {@link AppliedRecords}, so that an identity merge can rebuild the scores
 * exactly), its scoring state and its lifecycle.
 */
final class Lead {

    final String id;
    /** The outcome of every record applied to this lead, shared rather than allocated per record. */
    final Outcome.Applied applied;

    @Nullable
    String userId;

    final Set<String> anonymousIds = new LinkedHashSet<>(2);
    ScoringState scoring;
    LifecycleState lifecycle = new LifecycleState();
    /** The lifecycles of the engine's further lanes (see {@link AutomaticMoves}); empty without lanes. */
    final LifecycleState[] lanes;

    private static final LifecycleState[] NO_LANES = new LifecycleState[0];

    /** The latest time of a record or transition of this lead (epoch ms). */
    private long lastAt = Long.MIN_VALUE;
    /** Position in the engine's record log of the last record of this lead's history. */
    private int last = AppliedRecords.NONE;

    Lead(String id, @Nullable String userId, Model model, int extraLanes) {
        this.id = id;
        this.lanes = extraLanes == 0 ? NO_LANES : new LifecycleState[extraLanes];
        for (int i = 0; i < extraLanes; i++) {
            lanes[i] = new LifecycleState();
        }
        this.applied = new Outcome.Applied(id);
        this.userId = userId;
        this.scoring = new ScoringState(model);
    }

    /** The lifecycle of lane {@code lane}: 0 is the lead's own. */
    LifecycleState lane(int lane) {
        return lane == 0 ? lifecycle : lanes[lane - 1];
    }

    /** When the earliest expiry timer of any lane falls due ({@link Long#MAX_VALUE} when none is set). */
    long nextExpiry() {
        long next = lifecycle.expiresAt();
        for (LifecycleState lane : lanes) {
            next = Math.min(next, lane.expiresAt());
        }
        return next;
    }

    long lastAt() {
        return lastAt;
    }

    /** Notes that a record or transition of this lead happened at {@code t}. */
    void touch(long t) {
        if (t > lastAt) {
            lastAt = t;
        }
    }

    /** Adds the record at {@code position} (later than any before) and applies it to the scores. */
    void record(int position, Input input, AppliedRecords log) {
        log.link(position, last);
        last = position;
        scoring.apply(input);
    }

    /**
     * Adds a record that changes no score (a sales action, an alias) to the history; an alias still
     * moves the instant of the lead's predictive signals, as it does when a merge rebuilds them.
     */
    void remember(int position, AppliedRecords log) {
        log.link(position, last);
        last = position;
        scoring.apply(log.get(position));
    }

    /** The positions of this lead's records, in processing order. */
    int[] history(AppliedRecords log) {
        return log.chain(last);
    }

    /**
     * Takes {@code other}'s records into this lead's history, interleaved in processing order, and
     * rebuilds the scores from the merged history, as if the two had been one lead all along.
     */
    void absorb(Lead other, Model model, AppliedRecords log) {
        anonymousIds.addAll(other.anonymousIds);
        if (other.last == AppliedRecords.NONE) {
            return;
        }
        if (last == AppliedRecords.NONE) {
            // the usual identification: a new known lead takes over its visitor's history as it is
            last = other.last;
            scoring = other.scoring;
            return;
        }
        int[] mine = log.chain(last);
        int[] theirs = log.chain(other.last);
        last = AppliedRecords.NONE;
        scoring = new ScoringState(model);
        int i = 0;
        int j = 0;
        while (i < mine.length || j < theirs.length) {
            int position =
                    j >= theirs.length || (i < mine.length && log.before(mine[i], theirs[j])) ? mine[i++] : theirs[j++];
            record(position, log.get(position), log);
        }
    }
}
