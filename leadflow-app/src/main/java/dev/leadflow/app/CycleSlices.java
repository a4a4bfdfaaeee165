package dev.leadflow.app;

import dev.leadflow.engine.Engine;
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
import org.jspecify.annotations.Nullable;

/**
 * The value of a report's slicing dimension for each qualification cycle of a lead: a channel
 * ({@link Attribution}), the fit grade now, or who held the cycle in the hand-off.
 */
final class CycleSlices {

    /** Actors that are not people: the engine's rules, the SLA escalation and the unnamed default. */
    private static final Set<String> NOT_PEOPLE = Set.of(
            Engine.ACTOR_IDENTITY,
            Engine.ACTOR_CONVERSION,
            Engine.ACTOR_CRITERIA,
            Engine.ACTOR_FAST_LANE,
            Engine.ACTOR_TIMER,
            "sla",
            "sales");

    /** The fit letters of the grades ({@link dev.leadflow.model.Grades}), one string each. */
    private static final Map<Character, String> FIT_LETTERS = Map.of('A', "A", 'B', "B", 'C', "C", 'D', "D");

    private static final List<Attribution> CHANNEL_LIST = List.of(Attribution.values());
    private static final int CHANNELS = CHANNEL_LIST.size();
    /** The dimensions after the channels, in their order. */
    private static final List<String> OTHERS =
            List.of(ClosedLoopReports.BY_GRADE, ClosedLoopReports.BY_OWNER, ClosedLoopReports.BY_TEAM);
    /** How many dimensions {@link #dimension} numbers: the channels ({@link Attribution}), grade, owner and team. */
    static final int DIMENSIONS = CHANNELS + OTHERS.size();

    private CycleSlices() {}

    /** The number of the dimension {@code by} (a wire name), from 0 to {@link #DIMENSIONS} - 1. */
    static int dimension(@Nullable String by) {
        Optional<Attribution> channel = Attribution.fromWire(by);
        if (channel.isPresent()) {
            return channel.get().ordinal();
        }
        int at = OTHERS.indexOf(by);
        if (at < 0) {
            throw new IllegalArgumentException("unknown dimension " + by);
        }
        return CHANNELS + at;
    }

    /** The slice of each of {@code leadId}'s cycles by {@code by} (a wire name; null: none). */
    static Funnel.CycleSlice of(
            @Nullable String by, String leadId, List<Transition> transitions, Engine engine, HandoffLog log, long now) {
        if (by == null) {
            return Funnel.CycleSlice.NONE;
        }
        int dimension = dimension(by);
        List<Input> history = dimension < CHANNELS ? engine.history(leadId) : List.of();
        return memo(slice(dimension, leadId, transitions, history, engine, log, now));
    }

    /**
     * The slices of {@code leadId}'s cycles 0 to {@code cycles - 1} by every dimension, numbered as
     * {@link #dimension}: its history read once for all channels.
     */
    static Funnel.CycleSlice[] all(
            String leadId, List<Transition> transitions, int cycles, Engine engine, HandoffLog log, long now) {
        String[][] channels = Attribution.ofEveryCycle(engine.history(leadId), transitions, cycles);
        Funnel.CycleSlice[] out = new Funnel.CycleSlice[DIMENSIONS];
        for (int d = 0; d < CHANNELS; d++) {
            String[] byCycle = channels[d];
            out[d] = (lead, cycle) -> byCycle[cycle];
        }
        for (int d = CHANNELS; d < DIMENSIONS; d++) {
            out[d] = slice(d, leadId, transitions, List.of(), engine, log, now);
        }
        return out;
    }

    private static Funnel.CycleSlice slice(
            int dimension,
            String leadId,
            List<Transition> transitions,
            List<Input> history,
            Engine engine,
            HandoffLog log,
            long now) {
        if (dimension < CHANNELS) {
            Attribution channel = CHANNEL_LIST.get(dimension);
            return (lead, cycle) -> channel.of(history, transitions, cycle);
        }
        return switch (OTHERS.get(dimension - CHANNELS)) {
            case ClosedLoopReports.BY_GRADE -> {
                String grade = engine.grade(leadId, now)
                        .map(g -> FIT_LETTERS.getOrDefault(g.charAt(0), g.substring(0, 1)))
                        .orElse(Attribution.NONE);
                yield (lead, cycle) -> grade;
            }
            case ClosedLoopReports.BY_OWNER -> held(leadId, transitions, log, HandoffEvent.Assigned::owner, true);
            default -> held(leadId, transitions, log, HandoffEvent.Assigned::team, false);
        };
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
    private static Funnel.CycleSlice held(
            String leadId,
            List<Transition> transitions,
            HandoffLog log,
            Function<HandoffEvent.Assigned, String> field,
            boolean owner) {
        if (!reachedMql(transitions)) {
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
            Optional<String> held = span == null || log == null
                    ? Optional.empty()
                    : log.lastAssigned(leadId, span[0], span[1]).map(field);
            return held.or(() -> owner ? Optional.ofNullable(movedBy.get(cycle)) : Optional.empty())
                    .orElse(Attribution.NONE);
        };
    }

    private static boolean reachedMql(List<Transition> transitions) {
        for (Transition t : transitions) {
            if (t.to() == Stage.MQL) {
                return true;
            }
        }
        return false;
    }
}
