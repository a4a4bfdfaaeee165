package dev.leadflow.app;

import dev.leadflow.app.port.RecordLog;
import dev.leadflow.app.port.StoredRecord;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Model;
import java.util.List;
import java.util.Set;

/**
 * The log replayed into a new engine, in two steps, so that the long one need not hold the
 * writers (docs/ARCHITECTURE.md, "Reloading beside the writers"): {@link #of} replays the records
 * stored so far, with no desk attached, while writes may go on; {@link #attach}, as the only writer,
 * applies the records stored since as a write applies them (a late one rebuilding its leads),
 * then loads the desk as its journal left it and tells it what it missed. The result is the
 * replay of the whole log, as the live state is ({@code LeadsTest}).
 */
final class LogReplay {

    private final Engine engine;
    private final IdentityIndex index = new IdentityIndex();
    private final ReportIndex reports = new ReportIndex();
    private final Forward desk = new Forward();
    /** The last record replayed (0 before the first). */
    private long lastSeq;

    private LogReplay(Model model) {
        this.engine = new Engine(model, reports.listener(desk));
    }

    /** Every record stored now, in processing order, applied to a new engine for {@code model}. */
    static LogReplay of(Model model, RecordLog log) {
        LogReplay replay = new LogReplay(model);
        log.forEachInProcessingOrder(r -> {
            replay.index.add(r);
            replay.engine.apply(r.input());
            replay.lastSeq = Math.max(replay.lastSeq, r.seq());
        });
        return replay;
    }

    /**
     * The records stored since {@link #of} applied, timers fired up to {@code atMillis}, and
     * {@code handoff} (loaded from its journal, which holds what it was told of them) attached and
     * told what it missed. The caller is the only writer. Use once.
     */
    Leads.State attach(RecordLog log, SalesHandoff handoff, long atMillis) {
        desk.to = handoff.listener();
        handoff.listen(false); // the journal holds what the desk was told
        log.forEachAfter(lastSeq, r -> {
            index.add(r);
            Input input = r.input();
            if (engine.isLate(input)) {
                Set<String> keys = Engine.identityKeys(input);
                List<Input> component = index.component(keys).stream()
                        .map(StoredRecord::input)
                        .toList(); // keys grow to the component's
                engine.rebuild(keys, component);
            } else {
                engine.apply(input);
            }
        });
        engine.advanceTo(atMillis);
        handoff.listen(true);
        handoff.reconcile(engine, atMillis);
        reports.refresh(engine, handoff.reads().log()); // built now, with every slice, rather than by the first reports
        reports.slice(engine, handoff.reads().log(), atMillis);
        return new Leads.State(engine, index, handoff, reports);
    }

    /** The engine's listener toward the desk, which is attached last. */
    private static final class Forward implements EngineListener {
        private EngineListener to = EngineListener.NONE;

        @Override
        public void onTransition(String leadId, Transition transition) {
            to.onTransition(leadId, transition);
        }

        @Override
        public void onAction(String leadId, LifecycleCommand command) {
            to.onAction(leadId, command);
        }

        @Override
        public void onMerge(String sourceId, String targetId, boolean tookSourceLifecycle, long atMillis) {
            to.onMerge(sourceId, targetId, tookSourceLifecycle, atMillis);
        }
    }
}
