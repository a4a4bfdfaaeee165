package dev.leadflow.app;

import dev.leadflow.lifecycle.Transition;
import dev.leadflow.report.Funnel;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the reports read of one lead, as of the last refresh of the {@link ReportIndex}: its
 * transitions (copied, so that they lie next to each other in memory, in the order reports walk
 * the leads), its sales touches (boxed once, as {@link dev.leadflow.report.Velocity} takes them),
 * and the slice of each of its cycles by every dimension ({@link CycleSlices#dimension}), until a
 * report asks for one none. Immutable.
 */
final class LeadFacts {

    private final String id;
    private final List<Transition> transitions;
    private final List<Long> touches;
    /** By dimension; null until computed. */
    private final Funnel.CycleSlice @Nullable [] slices;

    private LeadFacts(
            String id, List<Transition> transitions, List<Long> touches, Funnel.CycleSlice @Nullable [] slices) {
        this.id = id;
        this.transitions = transitions;
        this.touches = touches;
        this.slices = slices;
    }

    /** The lead's facts, without slices. */
    static LeadFacts of(String id, List<Transition> transitions, long[] touches) {
        Transition[] copies = new Transition[transitions.size()];
        for (int i = 0; i < copies.length; i++) {
            Transition t = transitions.get(i);
            copies[i] = new Transition(t.from(), t.to(), t.at(), t.actor(), t.reason(), t.cycle());
        }
        List<Long> boxed = touches.length == 0
                ? List.of()
                : List.of(Arrays.stream(touches).boxed().toArray(Long[]::new));
        return new LeadFacts(id, List.of(copies), boxed, null);
    }

    /** These facts with the slices of the lead's cycles by every dimension (taken, not copied). */
    LeadFacts withSlices(Funnel.CycleSlice[] byDimension) {
        return new LeadFacts(id, transitions, touches, byDimension);
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

    /** How many cycles the lead has had: slices are asked for cycles 0 (before the first MQL) to this minus one. */
    int cycles() {
        return transitions.isEmpty() ? 1 : transitions.getLast().cycle() + 1;
    }

    boolean sliced() {
        return slices != null;
    }

    /** The slice of the lead's cycles by {@code dimension}; {@link #sliced} must hold. */
    Funnel.CycleSlice slice(int dimension) {
        if (slices == null) {
            throw new IllegalStateException("lead " + id + " is not sliced yet");
        }
        return slices[dimension];
    }
}
