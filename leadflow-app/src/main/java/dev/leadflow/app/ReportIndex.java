package dev.leadflow.app;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.handoff.SlaClock;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.report.Funnel;
import dev.leadflow.report.Velocity;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the reports read of every lead, kept beside the engine so that a report walks compact facts
 * instead of the engine's leads: each lead's {@link LeadFacts}, and the hand-off's assignments and
 * breaches.
 *
 * <p>Design note. A report over a million leads cannot afford to rebuild what it reads: walking
 * the engine's leads is a cache miss or more per lead, a channel slice reads the lead's whole
 * history, and what a report allocates per lead lives as long as the report and is copied by every
 * collection meanwhile. So the index keeps each lead's facts, with the slice of each cycle by every
 * dimension once a report needed one (all at once: the channels share the lead's history), and is
 * told which leads changed: the engine's listener hears every transition, touch and merge; the
 * caller tells it of every record applied to a lead (which may change its channels or grade) and
 * of the leads a late record rebuilt; the {@link HandoffLog} keeps the leads whose assignments
 * changed (who held a cycle). Before a report, {@link #snapshot} reads those leads again, then
 * hands out a copy of the array of facts: the report runs on it without the lock while writers go
 * on. Slices are computed by {@link CycleSlices} exactly as a report from scratch computes them
 * (the tests' from-scratch oracle, {@code FromScratch}; tested equal). Facts and the hand-off's events are copied when they enter
 * the index, so that what one report walks lies together in memory. Not thread-safe:
 * {@link Leads} holds its lock; a {@link Snapshot} may be read by any thread.
 */
final class ReportIndex {

    /** The leads in the order they joined the index; {@code positions} maps an id to its index. */
    private LeadFacts[] leads = new LeadFacts[1024];

    private int size;
    private final Positions positions = new Positions();
    /** Leads that changed since the last refresh, oldest first; none is kept while {@link #everything} is set. */
    private final Set<String> dirty = new LinkedHashSet<>();
    /** Every lead is to be read (a new index, before its first refresh). */
    private boolean everything = true;
    /** One slice object per value for leads whose cycles all share it (most do), so that a lead holds a reference. */
    private final Map<String, Funnel.CycleSlice> uniform = new HashMap<>();
    /** Copies of the hand-off log's assignments and breaches, in its order. */
    private final List<HandoffEvent.Assigned> assignments = new ArrayList<>();

    private final List<HandoffEvent.SlaBreached> breaches = new ArrayList<>();

    /** Marks a lead to be read again before the next report (its records, lifecycle or hand-off changed). */
    void changed(String leadId) {
        if (!everything) {
            dirty.add(leadId);
        }
    }

    /** {@code next}, telling this index first of every lead the engine changes. */
    EngineListener listener(EngineListener next) {
        return new EngineListener() {
            @Override
            public void onTransition(String leadId, Transition transition) {
                changed(leadId);
                next.onTransition(leadId, transition);
            }

            @Override
            public void onAction(String leadId, LifecycleCommand command) {
                changed(leadId);
                next.onAction(leadId, command);
            }

            @Override
            public void onMerge(String sourceId, String targetId, boolean tookSourceLifecycle, long atMillis) {
                changed(sourceId);
                changed(targetId);
                next.onMerge(sourceId, targetId, tookSourceLifecycle, atMillis);
            }
        };
    }

    /** Brings the index up to date with {@code engine} and {@code log} (null: no hand-off). */
    void refresh(Engine engine, HandoffLog log) {
        takeLog(log);
        if (everything) {
            rebuild(engine);
            return;
        }
        for (String id : dirty) {
            reread(engine, id);
        }
        dirty.clear();
    }

    /**
     * Reads again at most {@code max} of the leads that changed, their slices computed at once, so
     * that the next report finds less to do; returns how many changed leads remain. The server calls
     * it in the background, the lock taken for one call at a time, so that after a large import the
     * first report does not wait for a million leads.
     */
    int tidy(Engine engine, HandoffLog log, long nowMillis, int max) {
        if (everything) {
            refresh(engine, log);
            slice(engine, log, nowMillis);
            return 0;
        }
        takeLog(log);
        Iterator<String> oldest = dirty.iterator();
        for (int n = 0; n < max && oldest.hasNext(); n++) {
            String id = oldest.next();
            oldest.remove();
            int at = reread(engine, id);
            if (at != Positions.NONE) {
                leads[at] = sliced(leads[at], engine, log, nowMillis);
            }
        }
        return dirty.size();
    }

    /** Reads {@code id}'s facts again (removing it if it is gone); returns its position, or {@link Positions#NONE}. */
    private int reread(Engine engine, String id) {
        int at = positions.get(id);
        if (engine.visitLifecycle(id, (lead, transitions, touches) -> put(at, lead, transitions, touches))) {
            return positions.get(id);
        }
        if (at != Positions.NONE) {
            remove(at);
        }
        return Positions.NONE;
    }

    /** Marks the leads whose assignments changed, and copies the log's new assignments and breaches. */
    private void takeLog(HandoffLog log) {
        if (log != null) {
            log.drainChanged(this::changed);
            copyNew(log.assignments(), assignments, ReportIndex::copy);
            copyNew(log.breaches(), breaches, ReportIndex::copy);
        }
    }

    /** Reads every lead again, in the engine's order. */
    private void rebuild(Engine engine) {
        leads = new LeadFacts[Math.max(1024, engine.leadCount())];
        size = 0;
        positions.clear(engine.leadCount());
        engine.forEachLifecycle((lead, transitions, touches) -> put(Positions.NONE, lead, transitions, touches));
        dirty.clear();
        everything = false;
    }

    private void put(int at, String leadId, List<Transition> transitions, long[] touches) {
        LeadFacts facts = LeadFacts.of(leadId, transitions, touches);
        if (at != Positions.NONE) {
            leads[at] = facts;
            return;
        }
        if (size == leads.length) {
            leads = Arrays.copyOf(leads, size * 2);
        }
        positions.put(leadId, size);
        leads[size++] = facts;
    }

    /** Removes the lead at {@code at} (merged into another), moving the last one into its place. */
    @SuppressWarnings("NullAway") // clears the slot past the end: only slots below the size are read
    private void remove(int at) {
        positions.remove(leads[at].id());
        size--;
        if (at != size) {
            leads[at] = leads[size];
            positions.put(leads[at].id(), at);
        }
        leads[size] = null;
    }

    /**
     * The index brought up to date, sliced by {@code by} (a wire name of a {@link CycleSlices}
     * dimension, or null); slices missing for a lead are computed now, from the engine as of
     * {@code nowMillis}.
     */
    Snapshot snapshot(@Nullable String by, Engine engine, HandoffLog log, long nowMillis) {
        refresh(engine, log);
        int dimension = by == null ? -1 : CycleSlices.dimension(by);
        if (dimension >= 0) {
            slice(engine, log, nowMillis);
        }
        return new Snapshot(Arrays.asList(Arrays.copyOf(leads, size)), dimension);
    }

    /** The hand-off's assignments as of the last refresh, copied. */
    List<HandoffEvent.Assigned> assignments() {
        return List.copyOf(assignments);
    }

    /** The hand-off's breaches as of the last refresh, copied. */
    List<HandoffEvent.SlaBreached> breaches() {
        return List.copyOf(breaches);
    }

    /** Computes the slices of every lead that has none (all of them once loaded: then no report waits for them). */
    void slice(Engine engine, HandoffLog log, long nowMillis) {
        for (int i = 0; i < size; i++) {
            if (!leads[i].sliced()) {
                leads[i] = sliced(leads[i], engine, log, nowMillis);
            }
        }
    }

    /** {@code f} with the slices of its cycles by every dimension. */
    private LeadFacts sliced(LeadFacts f, Engine engine, HandoffLog log, long nowMillis) {
        Funnel.CycleSlice[] slices = CycleSlices.all(f.id(), f.transitions(), f.cycles(), engine, log, nowMillis);
        for (int d = 0; d < slices.length; d++) {
            slices[d] = compact(slices[d], f);
        }
        return f.withSlices(slices);
    }

    /** {@code slice}'s value of each of the lead's cycles, kept: one shared object when they are all the same. */
    private Funnel.CycleSlice compact(Funnel.CycleSlice slice, LeadFacts lead) {
        String[] values = new String[lead.cycles()];
        boolean same = true;
        for (int c = 0; c < values.length; c++) {
            values[c] = slice.of(lead.id(), c);
            same &= values[c].equals(values[0]);
        }
        if (same) {
            return uniform.computeIfAbsent(values[0], v -> (id, cycle) -> v);
        }
        return (id, cycle) -> values[cycle];
    }

    /** Appends to {@code to} a copy of each element of {@code from} after those it holds (the log only grows). */
    private static <T> void copyNew(List<T> from, List<T> to, Function<T, T> copy) {
        for (int i = to.size(); i < from.size(); i++) {
            to.add(copy.apply(from.get(i)));
        }
    }

    private static HandoffEvent.Assigned copy(HandoffEvent.Assigned a) {
        return new HandoffEvent.Assigned(
                a.leadId(),
                copy(a.at()),
                a.team(),
                a.owner(),
                a.rule(),
                a.strategy(),
                a.skipped(),
                a.cause(),
                copy(a.accept()),
                copy(a.firstTouch()));
    }

    private static @Nullable SlaClock copy(@Nullable SlaClock c) {
        return c == null ? null : new SlaClock(c.kind(), c.started(), c.warning(), copy(c.due()));
    }

    private static HandoffEvent.SlaBreached copy(HandoffEvent.SlaBreached b) {
        return new HandoffEvent.SlaBreached(b.leadId(), copy(b.at()), b.owner(), b.clock(), b.step());
    }

    private static Instant copy(Instant i) {
        return Instant.ofEpochSecond(i.getEpochSecond(), i.getNano());
    }

    /** The index as of one report: immutable, readable without the lock. */
    record Snapshot(List<LeadFacts> leads, int dimension) {

        /** Every lead's transitions, sliced as asked. */
        List<Funnel.LeadHistory> histories() {
            return mapped(leads, f -> new Funnel.LeadHistory(f.id(), f.transitions(), slice(f)));
        }

        /** Every lead's transitions and touches, sliced as asked. */
        List<Velocity.LeadMoves> moves() {
            return mapped(leads, f -> new Velocity.LeadMoves(f.id(), f.transitions(), f.touches(), slice(f)));
        }

        private Funnel.CycleSlice slice(LeadFacts f) {
            return dimension < 0 ? Funnel.CycleSlice.NONE : f.slice(dimension);
        }
    }

    /**
     * A read-only view of {@code from} with {@code f} applied to each element as it is read: reports
     * walk the leads a few times, and an object made for each step dies young instead of living as
     * long as the report.
     */
    static <A, B> List<B> mapped(List<A> from, Function<? super A, ? extends B> f) {
        final class Mapped extends AbstractList<B> implements RandomAccess {
            @Override
            public B get(int index) {
                return f.apply(from.get(index));
            }

            @Override
            public int size() {
                return from.size();
            }
        }
        return new Mapped();
    }
}
