package dev.leadflow.app;

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
    static ClosedLoopReports reports(Leadflow app, dev.leadflow.app.port.Models models) {
        Leads live = app.leads();
        return new ClosedLoopReports(
                live,
                models,
                new ClosedLoopReports.Source(
                        (by, now) -> live.read(
                                now,
                                s -> histories(s.engine(), s.handoff().reads().log(), by, now)),
                        (by, now) -> live.read(
                                now, s -> moves(s.engine(), s.handoff().reads().log(), by, now)),
                        now -> live.read(
                                now,
                                s -> new ClosedLoopReports.HandoffFacts(
                                        List.copyOf(s.handoff().reads().log().assignments()),
                                        List.copyOf(s.handoff().reads().log().breaches()),
                                        s.handoff().reads().running(now)))));
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
