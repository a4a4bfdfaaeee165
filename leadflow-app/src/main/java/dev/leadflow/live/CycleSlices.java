package dev.leadflow.live;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.report.Attribution;
import dev.leadflow.report.Funnel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The value of a report's slicing dimension for each qualification cycle of a lead: a channel
 * ({@link Attribution}), the fit grade now, or who held the cycle in the hand-off.
 */
final class CycleSlices {

    /** Actors that are not people: the engine's rules, the SLA escalation and the unnamed default. */
    private static final Set<String> NOT_PEOPLE = Set.of(Engine.ACTOR_IDENTITY, Engine.ACTOR_CONVERSION,
            Engine.ACTOR_CRITERIA, Engine.ACTOR_FAST_LANE, Engine.ACTOR_TIMER, "sla", "sales");

    /** How many dimensions {@link #dimension} numbers. */
    static final int DIMENSIONS = Attribution.values().length + 3;

    private CycleSlices() {
    }

    /** The number of the dimension {@code by} (a wire name), from 0 to {@link #DIMENSIONS} - 1. */
    static int dimension(String by) {
        Optional<Attribution> channel = Attribution.fromWire(by);
        if (channel.isPresent()) {
            return channel.get().ordinal();
        }
        return switch (by) {
            case LiveLeads.BY_GRADE -> DIMENSIONS - 3;
            case LiveLeads.BY_OWNER -> DIMENSIONS - 2;
            case LiveLeads.BY_TEAM -> DIMENSIONS - 1;
            default -> throw new IllegalArgumentException("unknown dimension " + by);
        };
    }

    /** The slice of each of {@code leadId}'s cycles by {@code by} (a wire name; null: none). */
    static Funnel.CycleSlice of(String by, String leadId, List<Transition> transitions, Engine engine, HandoffLog log,
            long now) {
        if (by == null) {
            return Funnel.CycleSlice.NONE;
        }
        Optional<Attribution> channel = Attribution.fromWire(by);
        if (channel.isPresent()) {
            List<Input> history = engine.history(leadId);
            return memo((lead, cycle) -> channel.get().of(history, transitions, cycle));
        }
        return memo(switch (by) {
            case LiveLeads.BY_GRADE -> {
                String grade = engine.summary(leadId, now).flatMap(LeadSummary::grade).map(g -> g.substring(0, 1))
                        .orElse(Attribution.NONE);
                yield (lead, cycle) -> grade;
            }
            case LiveLeads.BY_OWNER -> held(leadId, transitions, log, HandoffEvent.Assigned::owner, true);
            case LiveLeads.BY_TEAM -> held(leadId, transitions, log, HandoffEvent.Assigned::team, false);
            default -> throw new IllegalArgumentException("unknown dimension " + by);
        });
    }

    /** {@code slice}, asked at most once per cycle: reports ask for a cycle's slice once per stay. */
    private static Funnel.CycleSlice memo(Funnel.CycleSlice slice) {
        String[] known = new String[4];
        return (lead, cycle) -> {
            if (cycle >= known.length) {
                return slice.of(lead, cycle);
            }
            String s = known[cycle];
            if (s == null) {
                s = slice.of(lead, cycle);
                known[cycle] = s;
            }
            return s;
        };
    }

    /**
     * Who held each cycle: the last assignment between its MQL and the next; without one (no
     * hand-off, or an imported history), for an owner, the person who first moved it on from MQL
     * (e.g. the sales agent of an imported accept); else {@link Attribution#NONE}.
     */
    private static Funnel.CycleSlice held(String leadId, List<Transition> transitions, HandoffLog log,
            Function<HandoffEvent.Assigned, String> field, boolean owner) {
        if (transitions.stream().noneMatch(t -> t.to() == Stage.MQL)) {
            return (lead, cycle) -> Attribution.NONE; // never handed off: nobody held it
        }
        Map<Integer, long[]> spans = new HashMap<>(); // cycle -> [MQL entry, next cycle's MQL entry)
        Map<Integer, String> movedBy = new HashMap<>();
        long[] open = null;
        for (Transition t : transitions) {
            if (t.to() == Stage.MQL && !spans.containsKey(t.cycle())) {
                if (open != null) {
                    open[1] = t.at();
                }
                open = new long[] {t.at(), Long.MAX_VALUE};
                spans.put(t.cycle(), open);
            }
            if ((t.from() == Stage.MQL || t.from() == Stage.SAL) && !NOT_PEOPLE.contains(t.actor())) {
                movedBy.putIfAbsent(t.cycle(), t.actor());
            }
        }
        return (lead, cycle) -> {
            long[] span = spans.get(cycle);
            Optional<String> held = span == null || log == null ? Optional.empty()
                    : log.lastAssigned(leadId, span[0], span[1]).map(field);
            return held.or(() -> owner ? Optional.ofNullable(movedBy.get(cycle)) : Optional.empty())
                    .orElse(Attribution.NONE);
        };
    }
}
