package dev.leadflow.app;

import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.app.port.RecordLog;
import dev.leadflow.app.port.StoreException;
import dev.leadflow.app.port.StoredRecord;
import dev.leadflow.app.port.UnitOfWork;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.Outcome;
import dev.leadflow.model.Model;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The server's leads, shared by the use cases: an {@link Engine} kept equal to a replay of the
 * {@link RecordLog}, with the hand-off desk and the reports' index beside it.
 *
 * <p>Design note. The log is the truth and the engine a cache of its replay. On start the engine
 * replays the whole log in processing order. Then each write fills one {@link UnitOfWork}: its new
 * records (not duplicates) are applied in arrival order, the desk is told what happened and writes
 * its rows into the same unit, which is then committed whole ({@link Applying} does the applying).
 * If a commit fails it may have committed all the same: the engine is then loaded again from the
 * log before it is next used. Thread-safe: writes are serialised among themselves ({@link
 * #serially}); reads ({@link #read}) wait only while records are applied, not while they commit.
 * Lock order: {@code rewrites}, then {@code writes}, then {@code this}.
 */
final class Leads {

    /** The engine, the stored records by identity key, the desk and the reports' index: swapped whole. */
    record State(Engine engine, IdentityIndex index, SalesHandoff handoff, ReportIndex reports) {}

    /** What a read does with the state, under the lock. */
    @FunctionalInterface
    interface Reader<T> {
        T read(State state);
    }

    private final RecordLog log;
    private final Supplier<SalesHandoff> desks;
    /** Serialises writers, so that records are applied in the order they were numbered. */
    private final Object writes = new Object();
    /** The engine fell out of step with the log (see {@link #recoverIfNeeded}). Guarded by {@code writes}. */
    private boolean stale;
    /** Guarded by {@code this}. */
    private State state;
    /** The latest instant timers were fired to. Guarded by {@code this}. */
    private long lastAdvanced;
    /** How many late records made a rebuild. Guarded by {@code this}. */
    private long rebuilds;

    private Leads(RecordLog log, Supplier<SalesHandoff> desks, State state, long advancedTo) {
        this.log = log;
        this.desks = desks;
        this.state = state;
        this.lastAdvanced = advancedTo;
    }

    /** Loads every stored record for {@code model}, the desk from {@code desks}, timers fired up to {@code nowMillis}. */
    static Leads load(Model model, RecordLog log, Supplier<SalesHandoff> desks, long nowMillis) {
        return new Leads(log, desks, replay(model, log, desks.get(), nowMillis), nowMillis);
    }

    /**
     * A new engine holding every stored record, timers fired up to {@code atMillis}, and the desk
     * as its journal left it, told what it missed (MQLs that expired meanwhile).
     */
    private static State replay(Model model, RecordLog log, SalesHandoff handoff, long atMillis) {
        return LogReplay.of(model, log).attach(log, handoff, atMillis);
    }

    /** Runs {@code write} as the only writer, the engine first loaded again if it fell out of step with the log. */
    <T> T serially(Supplier<T> write) {
        synchronized (writes) {
            recoverIfNeeded();
            return write.get();
        }
    }

    /**
     * Fills one unit of work and commits it: the new records of {@code records}, applied (their
     * outcomes added to {@code outcomes}), the desk told what happened with its timers due by
     * {@code now}, and what {@code first} (may be null) does before them; the SLA recycles the desk
     * asks for are stored and applied in the same unit. Readers see the records applied from the
     * moment they are, while the commit runs; when it fails, the state is loaded again before the
     * next write. The caller is inside {@link #serially}.
     */
    void write(
            List<EncodedRecord> records, long now, List<Outcome> outcomes, @Nullable BiConsumer<State, Batch> first) {
        boolean touched = false;
        try {
            UnitOfWork unit = log.begin();
            List<StoredRecord> stored = unit.append(records);
            touched = true;
            synchronized (this) {
                Applying applying = new Applying(state, new Batch(unit), now);
                if (first != null) {
                    applying.first(first);
                }
                for (StoredRecord r : stored) {
                    outcomes.add(applying.apply(r));
                }
                applying.catchUp(now);
                rebuilds += applying.rebuilds();
            }
            log.commit(unit, now);
        } catch (RuntimeException e) {
            if (touched || !(e instanceof StoreException s && !s.maybeStored())) {
                stale = true; // applied but not committed, or maybe committed: load again from the log
            }
            throw e;
        }
    }

    /** Serialises the rewrites of stored records (erasures, retention); taken before {@code writes}. */
    private final Object rewrites = new Object();

    /**
     * Runs {@code rewrite} as the only rewriter of stored records (docs/PRIVACY.md): an erasure
     * and the retention never rewrite the same records from two readings. Writers go on.
     */
    <T> T rewriting(Supplier<T> rewrite) {
        synchronized (rewrites) {
            return rewrite.get();
        }
    }

    /**
     * How many rewrites of stored records have committed (erasures, retention): a replay begun
     * before one read what it rewrote, so it is not swapped in. Incremented inside {@link #rewriting}.
     */
    private volatile long rewriteCount;

    /** Says a rewrite of stored records has just committed; the caller is inside {@link #rewriting}. */
    @SuppressWarnings("NonAtomicVolatileUpdate") // one rewriter at a time: the rewrites lock is held
    void rewritten() {
        rewriteCount++;
    }

    /** The log this state is a replay of. */
    RecordLog log() {
        return log;
    }

    /**
     * Replays the whole log into a new engine for {@code model} and swaps it in; readers go on with
     * the old one meanwhile. The caller is inside {@link #serially}.
     */
    void reload(Model model, long nowMillis) {
        swap(LogReplay.of(model, log), nowMillis);
    }

    /**
     * {@link #reload} with the writers going on meanwhile (docs/ARCHITECTURE.md, "Reloading beside
     * the writers"): the log as stored now is replayed into a new engine for {@code model}, without
     * a lock; then, as the only writer, the records stored since are applied to it, the desk
     * attached, and the new state swapped in. Only that catch-up holds writes. Swaps nothing, and
     * returns false, when {@code stillWanted} refuses the model in force by then (a publish came
     * between). The caller is not inside {@link #serially}.
     */
    boolean reloadBeside(Model model, long nowMillis, Predicate<Model> stillWanted) {
        long seen = rewriteCount;
        LogReplay replay = LogReplay.of(model, log);
        return serially(() -> {
            if (!stillWanted.test(inspect(s -> s.engine().model()))) {
                return false;
            }
            // a rewrite committed meanwhile (an erasure): this replay may hold what it removed
            swap(rewriteCount == seen ? replay : LogReplay.of(model, log), nowMillis);
            return true;
        });
    }

    /** Attaches a fresh desk to {@code replay} and swaps the result in. The caller is inside {@link #serially}. */
    private void swap(LogReplay replay, long nowMillis) {
        long at;
        synchronized (this) {
            at = Math.max(lastAdvanced, nowMillis);
        }
        State fresh = replay.attach(log, desks.get(), at);
        synchronized (this) {
            fresh.engine().advanceTo(lastAdvanced);
            state = fresh;
        }
        stale = false;
    }

    private void recoverIfNeeded() {
        if (!stale) {
            return;
        }
        try {
            reload(inspect(s -> s.engine().model()), Long.MIN_VALUE);
        } catch (RuntimeException e) {
            throw new StoredNotApplied(e);
        }
    }

    /** {@code reader}'s answer as of {@code nowMillis} (timers up to then fired first), under the lock. */
    synchronized <T> T read(long nowMillis, Reader<T> reader) {
        advance(nowMillis);
        return reader.read(state);
    }

    /** {@code reader}'s answer as of the last timers fired, under the lock. */
    synchronized <T> T inspect(Reader<T> reader) {
        return reader.read(state);
    }

    private void advance(long nowMillis) {
        lastAdvanced = Math.max(lastAdvanced, nowMillis);
        state.engine().advanceTo(nowMillis);
    }

    synchronized long rebuilds() {
        return rebuilds;
    }
}
