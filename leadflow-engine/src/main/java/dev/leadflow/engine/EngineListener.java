package dev.leadflow.engine;

import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Transition;

/** Told of every stage change, in the order the engine makes them. Called on the engine's thread. */
public interface EngineListener {

    EngineListener NONE = (lead, transition) -> {};

    void onTransition(String leadId, Transition transition);

    /** A sales action that keeps the stage (a {@code touch}) was applied to the lead. */
    default void onAction(String leadId, LifecycleCommand command) {}

    /**
     * Lead {@code sourceId} was merged into {@code targetId} (an alias, or an anonymous history
     * joining its user) by a record at {@code atMillis}; the source is gone. The merged lead goes on
     * with the source's lifecycle when {@code tookSourceLifecycle}, else with its own.
     */
    default void onMerge(String sourceId, String targetId, boolean tookSourceLifecycle, long atMillis) {}
}
