package dev.leadflow.live;

import dev.leadflow.engine.Engine;
import dev.leadflow.report.Funnel;
import dev.leadflow.report.Velocity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the reports read, computed from the engine's leads and the hand-off without the
 * {@link ReportIndex}: the reference the index must equal (tests compare the two), and the way the
 * reports were read before it.
 */
final class FromScratch {

    private FromScratch() {}

    /** The same reports read from the engine's leads without the report index: what the index must equal. */
    static Reports reports(LiveLeads live, dev.leadflow.store.ModelStore models) {
        return new Reports(
                live,
                models,
                new Reports.Source(
                        (by, now) -> histories(live, by, now),
                        (by, now) -> moves(live, by, now),
                        now -> handoffFacts(live, now)));
    }

    /** {@link LiveLeads#histories}, from scratch. */
    static List<Funnel.LeadHistory> histories(LiveLeads live, String by, long nowMillis) {
        return live.read(
                nowMillis, (engine, handoff, reports) -> histories(engine, LiveLeads.log(handoff), by, nowMillis));
    }

    /** {@link LiveLeads#moves}, from scratch. */
    static List<Velocity.LeadMoves> moves(LiveLeads live, String by, long nowMillis) {
        return live.read(nowMillis, (engine, handoff, reports) -> moves(engine, LiveLeads.log(handoff), by, nowMillis));
    }

    /** {@link LiveLeads#handoffFacts}, from the hand-off's log. */
    static LiveLeads.HandoffFacts handoffFacts(LiveLeads live, long nowMillis) {
        return live.read(
                nowMillis,
                (engine, handoff, reports) -> handoff == null
                        ? LiveLeads.HandoffFacts.NONE
                        : new LiveLeads.HandoffFacts(
                                List.copyOf(handoff.log().assignments()),
                                List.copyOf(handoff.log().breaches()),
                                handoff.running(nowMillis)));
    }

    /** Every lead's transitions, sliced by {@code by} ({@link CycleSlices}; null: not sliced). */
    private static List<Funnel.LeadHistory> histories(Engine engine, HandoffLog log, String by, long nowMillis) {
        List<Funnel.LeadHistory> out = new ArrayList<>(engine.leadCount());
        engine.forEachLifecycle((id, transitions, touches) -> out.add(
                new Funnel.LeadHistory(id, transitions, CycleSlices.of(by, id, transitions, engine, log, nowMillis))));
        return out;
    }

    /** Every lead's transitions and sales touches, sliced as {@link #histories}. */
    private static List<Velocity.LeadMoves> moves(Engine engine, HandoffLog log, String by, long nowMillis) {
        List<Velocity.LeadMoves> out = new ArrayList<>(engine.leadCount());
        engine.forEachLifecycle((id, transitions, touches) -> out.add(new Velocity.LeadMoves(
                id,
                transitions,
                touches.length == 0 ? List.of() : Arrays.stream(touches).boxed().toList(),
                CycleSlices.of(by, id, transitions, engine, log, nowMillis))));
        return out;
    }
}
