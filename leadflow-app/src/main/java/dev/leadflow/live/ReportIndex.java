package dev.leadflow.live;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.report.Funnel;
import dev.leadflow.report.Velocity;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Function;

/**
 * What the reports read of every lead, kept beside the engine so that a report walks compact facts
 * instead of the engine's leads: each lead's transitions and sales touches, and the value of each
 * slicing dimension for each of its cycles once a report has asked for it.
 *
 * <p>Design note. A report over a million leads cannot afford to rebuild what it reads: walking
 * the engine's leads is a cache miss or more per lead, a channel slice reads the lead's whole
 * history, and what a report allocates per lead lives as long as the report and is copied by every
 * collection meanwhile. So the index keeps, per lead, an immutable {@link LeadFacts} (transitions
 * copied next to each other, touches boxed once, slice values interned), and is told which leads
 * changed: the engine's listener hears every transition, touch and merge; the caller tells it of
 * every record applied to a lead (which may change its channels or grade) and of the leads a
 * late record rebuilt; the {@link HandoffLog} keeps the leads whose assignments changed (who held a
 * cycle). Before a report, {@link #snapshot} refreshes only those leads, then hands out an array of
 * the facts: the report runs on it without the lock while writers go on. A slice value is computed
 * by {@link CycleSlices} exactly as a report from scratch computes it, so the two cannot differ
 * (tested). Not thread-safe: {@link LiveLeads} holds its lock; a {@link Snapshot} may be read by
 * any thread.
 */
final class ReportIndex {

    /** The leads in the order they joined the index; {@code positions} maps an id to its index. */
    private LeadFacts[] leads = new LeadFacts[1024];
    private int size;
    private final Map<String, Integer> positions = new HashMap<>();
    /** Leads that changed since the last refresh; none is kept while {@link #everything} is set. */
    private final Set<String> dirty = new HashSet<>();
    /** Every lead is to be read again (a new index, or more changed than it is worth finding one by one). */
    private boolean everything = true;
    /** One slice object per value for leads whose cycles all share it (most do), so that a lead holds a reference. */
    private final Map<String, Funnel.CycleSlice> uniform = new HashMap<>();

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
        if (log != null) {
            log.drainChanged(this::changed);
        }
        if (everything || dirty.size() > size / 2) {
            rebuild(engine);
            return;
        }
        for (String id : dirty) {
            Integer at = positions.get(id);
            if (!engine.visitLifecycle(id, (lead, transitions, touches) -> put(at, lead, transitions, touches))
                    && at != null) {
                remove(at);
            }
        }
        dirty.clear();
    }

    /** Reads every lead again, in the engine's order. */
    private void rebuild(Engine engine) {
        leads = new LeadFacts[Math.max(1024, engine.leadCount())];
        size = 0;
        positions.clear();
        engine.forEachLifecycle((lead, transitions, touches) -> put(null, lead, transitions, touches));
        dirty.clear();
        everything = false;
    }

    private void put(Integer at, String leadId, List<Transition> transitions, long[] touches) {
        LeadFacts facts = LeadFacts.of(leadId, transitions, touches);
        if (at != null) {
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
     * dimension, or null): slice values missing for a lead are computed now, from the engine as of
     * {@code nowMillis}.
     */
    Snapshot snapshot(String by, Engine engine, HandoffLog log, long nowMillis) {
        refresh(engine, log);
        int dimension = by == null ? -1 : CycleSlices.dimension(by);
        if (dimension >= 0) {
            for (int i = 0; i < size; i++) {
                LeadFacts f = leads[i];
                if (f.slice(dimension) == null) {
                    f.cache(dimension, compact(CycleSlices.of(by, f.id(), f.transitions(), engine, log, nowMillis),
                            f));
                }
            }
        }
        return new Snapshot(Arrays.asList(Arrays.copyOf(leads, size)), dimension);
    }

    /** {@code slice}'s value of each of the lead's cycles, kept: one shared object when they are all the same. */
    private Funnel.CycleSlice compact(Funnel.CycleSlice slice, LeadFacts lead) {
        int cycles = lead.transitions().isEmpty() ? 1 : lead.transitions().getLast().cycle() + 1;
        String[] values = new String[cycles];
        boolean same = true;
        for (int c = 0; c < cycles; c++) {
            values[c] = slice.of(lead.id(), c);
            same &= values[c].equals(values[0]);
        }
        if (same) {
            return uniform.computeIfAbsent(values[0], v -> (id, cycle) -> v);
        }
        return (id, cycle) -> values[cycle];
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

    /** The facts of one lead as of the last refresh. */
    static final class LeadFacts {
        private final String id;
        private final List<Transition> transitions;
        private final List<Long> touches;
        /** Per dimension ({@link CycleSlices#dimension}), the slice of each cycle; null until a report asks. */
        private final Funnel.CycleSlice[] slices = new Funnel.CycleSlice[CycleSlices.DIMENSIONS];

        private LeadFacts(String id, List<Transition> transitions, List<Long> touches) {
            this.id = id;
            this.transitions = transitions;
            this.touches = touches;
        }

        /** The lead's facts, its transitions copied (next to each other in memory, as they are read). */
        static LeadFacts of(String id, List<Transition> transitions, long[] touches) {
            List<Transition> copies = new ArrayList<>(transitions.size());
            for (Transition t : transitions) {
                copies.add(new Transition(t.from(), t.to(), t.at(), t.actor(), t.reason(), t.cycle()));
            }
            List<Long> boxed = touches.length == 0 ? List.of() : List.of(Arrays.stream(touches).boxed().toArray(Long[]::new));
            return new LeadFacts(id, List.copyOf(copies), boxed);
        }

        String id() {
            return id;
        }

        List<Transition> transitions() {
            return transitions;
        }

        List<Long> touches() {
            return touches;
        }

        Funnel.CycleSlice slice(int dimension) {
            return slices[dimension];
        }

        /** Written once per dimension, under the index's lock, before any snapshot sliced by it is handed out. */
        void cache(int dimension, Funnel.CycleSlice slice) {
            slices[dimension] = slice;
        }
    }
}
