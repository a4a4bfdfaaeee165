package dev.leadflow.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One lead's position in the lifecycle and its recorded transitions. Mutable, owned by the engine;
 * read it through {@link #stage()}, {@link #cycle()} and {@link #transitions()}.
 */
public final class LifecycleState {

    /** "No time": no MQL yet, never recycled, no timer. */
    public static final long NEVER = Long.MIN_VALUE;

    private Stage stage = Stage.VISITOR;
    private int cycle;
    private long mqlAt = NEVER;
    private boolean fastLaneMql;
    private long recycledAt = NEVER;
    private long expiresAt = Long.MAX_VALUE;
    private long lastConversionAt = NEVER;
    private @Nullable String pendingConversion;
    private @Nullable String pendingFastLane;
    private final List<Transition> transitions = new ArrayList<>(4);
    private long[] touches = NO_TOUCHES;
    private static final long[] NO_TOUCHES = {};

    public Stage stage() {
        return stage;
    }

    /** The qualification cycle: 0 before the first MQL, then 1, 2, … one per entry into MQL. */
    public int cycle() {
        return cycle;
    }

    /**
     * How many qualification cycles came before the current one, or before the next one while the
     * lead is not in a cycle (a predictive feature, docs/PREDICTIVE.md): at the instant a lead
     * enters MQL both say the same.
     */
    public int priorCycles() {
        return switch (stage) {
            case MQL, SAL, SQL, OPPORTUNITY, CUSTOMER -> Math.max(0, cycle - 1);
            default -> cycle;
        };
    }

    /** When the lead last entered MQL (epoch ms), or {@link #NEVER}. */
    public long mqlAt() {
        return mqlAt;
    }

    /** Whether the current (or last) MQL came through the fast lane. */
    public boolean fastLaneMql() {
        return fastLaneMql;
    }

    /** When the lead last entered {@link Stage#RECYCLED}, or {@link #NEVER}. */
    public long recycledAt() {
        return recycledAt;
    }

    /** When the lead last took a conversion action (a conversion event, once known), or {@link #NEVER}. */
    public long lastConversionAt() {
        return lastConversionAt;
    }

    public void converted(long at) {
        this.lastConversionAt = at;
    }

    /** When an unaccepted MQL expires (epoch ms), or {@link Long#MAX_VALUE} for no timer. */
    public long expiresAt() {
        return expiresAt;
    }

    public void expiresAt(long at) {
        this.expiresAt = at;
    }

    /** Every transition so far, oldest first. */
    public List<Transition> transitions() {
        return java.util.Collections.unmodifiableList(transitions);
    }

    /** When sales touched the lead (the {@code touch} action), oldest first; a copy. */
    public long[] touches() {
        return touches.length == 0 ? touches : touches.clone();
    }

    /** Records a sales touch at {@code at} (they come in time order). */
    public void touched(long at) {
        touches = java.util.Arrays.copyOf(touches, touches.length + 1);
        touches[touches.length - 1] = at;
    }

    /** Moves the lead and records the transition. */
    public Transition move(Stage to, long at, String actor, String reason, boolean viaFastLane) {
        Stage from = stage;
        if (to == Stage.MQL) {
            cycle++;
            mqlAt = at;
            fastLaneMql = viaFastLane;
        }
        if (to == Stage.RECYCLED) {
            recycledAt = at;
        }
        stage = to;
        Transition t = new Transition(from, to, at, actor, reason, cycle);
        transitions.add(t);
        return t;
    }

    /** Marks the current MQL as a hand-raiser's: fast-lane MQLs do not expire. */
    public void raisedHand() {
        fastLaneMql = true;
    }

    /** A conversion (event name) seen while the lead was anonymous, evaluated when it becomes known. */
    public @Nullable String pendingConversion() {
        return pendingConversion;
    }

    /** A fast-lane event seen while the lead was anonymous. */
    public @Nullable String pendingFastLane() {
        return pendingFastLane;
    }

    public void pending(@Nullable String conversion, @Nullable String fastLane) {
        this.pendingConversion = conversion;
        this.pendingFastLane = fastLane;
    }
}
