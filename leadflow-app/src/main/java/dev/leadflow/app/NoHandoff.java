package dev.leadflow.app;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.lifecycle.Transition;
import java.util.List;
import java.util.OptionalLong;

/** A server without a hand-off: hears nothing, routes nothing, has no clocks; configuring it is refused. */
final class NoHandoff implements SalesHandoff {

    private final DeskReads reads = DeskReads.none();

    @Override
    public EngineListener listener() {
        return EngineListener.NONE;
    }

    @Override
    public void listen(boolean on) {}

    @Override
    public void reconcile(Engine engine, long now) {}

    @Override
    public void heard(String leadId, List<Transition> transitions, List<Transition> before) {}

    @Override
    public OptionalLong nextDue() {
        return OptionalLong.empty();
    }

    @Override
    public boolean due(long upTo) {
        return false;
    }

    @Override
    public void process(Engine engine, long upTo, Batch out) {}

    @Override
    public ScoreWatch scores() {
        return ScoreWatch.NONE;
    }

    @Override
    public void configure(Engine engine, String yaml, HandoffConfig config, long at, String by, Batch out) {
        throw new IllegalStateException("this server runs without a hand-off");
    }

    @Override
    public boolean reassign(Engine engine, String leadId, String member, long at, Batch out) {
        throw new IllegalStateException("this server runs without a hand-off");
    }

    @Override
    public DeskReads reads() {
        return reads;
    }
}
