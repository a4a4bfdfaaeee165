package dev.leadflow.app;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.lifecycle.Transition;
import java.util.List;
import java.util.OptionalLong;

/**
 * The hand-off to sales as the use cases see it: told what the engine does to leads, it routes
 * MQLs, runs SLA clocks and writes its rows into the write's {@link Batch}. {@link Handoff} is the
 * journaled desk; {@link NoHandoff} is a server without one, which does nothing. Not thread-safe:
 * the caller ({@link Leads}) holds its lock.
 */
interface SalesHandoff {

    /** The engine's listener: collects what the desk must hear (while listening). */
    EngineListener listener();

    /** While false, what the engine does is not told to the desk (a replay of what it was told already). */
    void listen(boolean on);

    /** After a start: tells the desk what the engine did to its leads that it never heard. */
    void reconcile(Engine engine, long now);

    /** After a rebuild: tells the desk the lead's transitions that were not there before. */
    void heard(String leadId, List<Transition> transitions, List<Transition> before);

    /** When the desk's next timer falls due, if it has one. */
    OptionalLong nextDue();

    /** Whether {@link #process} up to {@code upTo} would do anything. */
    boolean due(long upTo);

    /** Tells the desk what it heard, in order, then fires the timers due by {@code upTo}. */
    void process(Engine engine, long upTo, Batch out);

    /** What tells {@code score_crossed} after a record ({@link ScoreWatch#NONE} without thresholds). */
    ScoreWatch scores();

    /** Switches to a new configuration from {@code at}, stored as the next version. */
    void configure(Engine engine, String yaml, HandoffConfig config, long at, String by, Batch out);

    /** Hands a lead to {@code member} by hand; false when the lead is not in the hand-off or the member unknown. */
    boolean reassign(Engine engine, String leadId, String member, long at, Batch out);

    /** What the use cases read of the hand-off. */
    DeskReads reads();
}
