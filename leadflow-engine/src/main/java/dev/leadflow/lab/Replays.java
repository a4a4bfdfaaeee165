package dev.leadflow.lab;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.engine.Outcome;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Condition;
import dev.leadflow.model.Model;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The replays a backtest makes, each through a fresh {@link Engine}, as {@link dev.leadflow.engine.Replay} does. */
final class Replays {

    private Replays() {}

    /** {@code records} (in processing order) through a new engine for {@code model}, timers fired up to {@code until}. */
    static Engine replay(Model model, List<Input> records, long until) {
        Engine engine = new Engine(model);
        for (Input r : records) {
            engine.apply(r);
        }
        engine.advanceTo(until);
        return engine;
    }

    /** The MQL instants of every lead after replaying {@code records} under {@code model}. */
    static Outcomes mqls(Model model, List<Input> records, long until) {
        return Outcomes.entering(replay(model, records, until), Stage.MQL);
    }

    /**
     * A replay under a model with lanes for other MQL criteria, that also watches it: of each known
     * person with a record in the period, the highest fit + engagement after any of them (merges followed).
     */
    static final class Watched implements EngineListener {
        final Map<String, Double> highest = new HashMap<>();
        final Engine engine;

        Watched(
                Model model,
                List<Optional<Condition>> lanes,
                List<Input> records,
                long until,
                Scorecard.Window period) {
            this.engine = new Engine(model, this, lanes);
            for (Input r : records) {
                if (engine.apply(r) instanceof Outcome.Applied a
                        && period.contains(r.epochMillis())
                        && !a.leadId().startsWith(Engine.ANONYMOUS_PREFIX)) {
                    highest.merge(a.leadId(), engine.totalScore(a.leadId(), r.epochMillis()), Math::max);
                }
            }
            engine.advanceTo(until);
        }

        @Override
        public void onTransition(String leadId, Transition transition) {}

        @Override
        public void onMerge(String sourceId, String targetId, boolean tookSourceLifecycle, long atMillis) {
            Double source = highest.remove(sourceId);
            if (source != null) {
                highest.merge(targetId, source, Math::max);
            }
        }
    }
}
