package dev.leadflow.lab;

import dev.leadflow.engine.Engine;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each person reached SQL and when they were won (became a customer) in an engine's
 * history: the real outcomes a backtest scores a draft against, or a draft's own MQL cycles.
 * Instants per lead id, ascending.
 */
public final class Outcomes {

    private static final long[] NONE = new long[0];

    private final Map<String, long[]> times;

    private Outcomes(Map<String, long[]> times) {
        this.times = times;
    }

    /** The instants each lead of {@code engine} entered {@code stage}. */
    public static Outcomes entering(Engine engine, Stage stage) {
        return entering(engine, 0, stage);
    }

    /** The instants each lead of {@code engine} entered {@code stage} in lane {@code lane} (0: its own lifecycle). */
    static Outcomes entering(Engine engine, int lane, Stage stage) {
        Map<String, long[]> times = new HashMap<>();
        Engine.LifecycleVisitor visit = (lead, transitions, touches) -> add(times, lead, transitions, stage);
        if (lane == 0) {
            engine.forEachLifecycle(visit);
        } else {
            engine.forEachLaneLifecycle(lane, visit);
        }
        return new Outcomes(times);
    }

    /** Notes in {@code times} the instants {@code lead} entered {@code stage}, if any. */
    static void add(Map<String, long[]> times, String lead, List<Transition> transitions, Stage stage) {
        long[] at = entries(transitions, stage);
        if (at.length > 0) {
            times.put(lead, at);
        }
    }

    static Outcomes of(Map<String, long[]> times) {
        return new Outcomes(times);
    }

    private static long[] entries(List<Transition> transitions, Stage stage) {
        long[] at = new long[transitions.size()];
        int n = 0;
        for (Transition t : transitions) {
            if (t.to() == stage) {
                at[n++] = t.at();
            }
        }
        return n == 0 ? NONE : Arrays.copyOf(at, n);
    }

    /** The instants of {@code lead}, ascending (empty when none). */
    public long[] of(String lead) {
        return times.getOrDefault(lead, NONE);
    }

    /** The leads with at least one instant. */
    public java.util.Set<String> leads() {
        return times.keySet();
    }

    /** Whether {@code lead} has an instant in {@code [from, until)}. */
    public boolean anyIn(String lead, long from, long until) {
        long[] at = of(lead);
        int i = firstAtOrAfter(at, from);
        return i < at.length && at[i] < until;
    }

    /** The index of the first instant at or after {@code t} ({@code at.length} when none). */
    static int firstAtOrAfter(long[] at, long t) {
        int i = Arrays.binarySearch(at, t);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && at[i - 1] == t) {
            i--;
        }
        return i;
    }
}
