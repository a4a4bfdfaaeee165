package dev.leadflow.app;

import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.EngineListener;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.report.Health;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A server without a hand-off: hears nothing, routes nothing, has no clocks; configuring it is refused. */
final class NoHandoff implements SalesHandoff {

    private final HandoffLog log = new HandoffLog();

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
    public boolean watchesScores() {
        return false;
    }

    @Override
    public double[] scoresBefore(Engine engine, String leadId, long at) {
        return new double[2];
    }

    @Override
    public void scoresAfter(Engine engine, String leadId, long at, double[] before, Batch out) {}

    @Override
    public void configure(Engine engine, String yaml, HandoffConfig config, long at, String by, Batch out) {
        throw new IllegalStateException("this server runs without a hand-off");
    }

    @Override
    public boolean reassign(Engine engine, String leadId, String member, long at, Batch out) {
        throw new IllegalStateException("this server runs without a hand-off");
    }

    @Override
    public HandoffLog log() {
        return log;
    }

    @Override
    public List<Health.Running> running(long nowMillis) {
        return List.of();
    }

    @Override
    public HandoffConfig config() {
        return HandoffConfig.EMPTY;
    }

    @Override
    public Optional<HandoffJournal.Version> version() {
        return Optional.empty();
    }

    @Override
    public Optional<Desk.CaseView> view(String leadId) {
        return Optional.empty();
    }

    @Override
    public Optional<String> track(String leadId) {
        return Optional.empty();
    }

    @Override
    public List<Desk.CaseView> queue(Optional<String> owner, Optional<String> team) {
        return List.of();
    }
}
