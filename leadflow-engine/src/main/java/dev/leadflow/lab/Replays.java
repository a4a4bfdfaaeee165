package dev.leadflow.lab;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.engine.Outcome;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Model;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Every record of {@code leads} in {@code engine}, in processing order. */
    static List<Input> historyOf(Engine engine, Collection<String> leads) {
        List<Input> out = new ArrayList<>();
        for (String lead : leads) {
            out.addAll(engine.history(lead));
        }
        out.sort(Comparator.comparingLong(Input::epochMillis)); // stable: each lead's ties stay in order
        return out;
    }

    /**
     * A replay that also watches it: which leads the MQL criteria moved (merges followed), and, of
     * each known person with a record in the period, the highest fit + engagement after any of them.
     */
    static final class Watched implements EngineListener {
        final Set<String> criteriaMovers = new HashSet<>();
        final Map<String, Double> highest = new HashMap<>();
        final Engine engine;

        Watched(Model model, List<Input> records, long until, Scorecard.Window period) {
            this.engine = new Engine(model, this);
            for (Input r : records) {
                if (engine.apply(r) instanceof Outcome.Applied a
                        && period.contains(r.epochMillis())
                        && !a.leadId().startsWith(Engine.ANONYMOUS_PREFIX)) {
                    highest.merge(a.leadId(), engine.totalScore(a.leadId(), r.epochMillis()), Math::max);
                }
            }
            engine.advanceTo(until);
            criteriaMovers.removeIf(lead -> engine.stage(lead).isEmpty());
        }

        @Override
        public void onTransition(String leadId, Transition transition) {
            if (transition.to() == Stage.MQL && transition.actor().equals(Engine.ACTOR_CRITERIA)) {
                criteriaMovers.add(leadId);
            }
        }

        @Override
        public void onMerge(String sourceId, String targetId, boolean tookSourceLifecycle, long atMillis) {
            if (criteriaMovers.remove(sourceId)) {
                criteriaMovers.add(targetId);
            }
            Double source = highest.remove(sourceId);
            if (source != null) {
                highest.merge(targetId, source, Math::max);
            }
        }
    }
}
