package dev.leadflow.engine;

import dev.leadflow.lifecycle.Transition;

/** Told of every stage change, in the order the engine makes them. Called on the engine's thread. */
@FunctionalInterface
public interface EngineListener {

    EngineListener NONE = (lead, transition) -> {
    };

    void onTransition(String leadId, Transition transition);
}
