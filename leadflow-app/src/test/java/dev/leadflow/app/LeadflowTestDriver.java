package dev.leadflow.app;

import dev.leadflow.TestClock;
import dev.leadflow.handoff.HandoffParser;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.model.Model;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The application without HTTP or a database: every use case over in-memory storage, on a clock
 * the test moves. A restart loads a new application from the same storage, as a server restart
 * loads it from the database.
 */
public final class LeadflowTestDriver {

    private final Model model;
    private final TestClock clock;
    private final InMemoryStorage storage = new InMemoryStorage();
    private final InMemoryModels models = new InMemoryModels();
    private final boolean handoff;
    private Leadflow app;
    private int actions;

    private LeadflowTestDriver(Model model, Instant start, boolean handoff) {
        this.model = model;
        this.clock = new TestClock(start);
        this.handoff = handoff;
        this.app = load();
    }

    /** An application with a hand-off (empty until {@link #configureHandoff}), starting at {@code start}. */
    public static LeadflowTestDriver withHandoff(Model model, Instant start) {
        return new LeadflowTestDriver(model, start, true);
    }

    /** An application without a hand-off. */
    public static LeadflowTestDriver withoutHandoff(Model model, Instant start) {
        return new LeadflowTestDriver(model, start, false);
    }

    private Leadflow load() {
        return handoff
                ? Leadflow.load(model, storage, storage, models, clock.millis())
                : Leadflow.withoutHandoff(model, storage, clock.millis());
    }

    public Leadflow app() {
        return app;
    }

    public InMemoryStorage storage() {
        return storage;
    }

    public InMemoryModels models() {
        return models;
    }

    public long now() {
        return clock.millis();
    }

    /** Loads the application again from its storage, as a restarted server does. */
    public LeadflowTestDriver restart() {
        app = load();
        return this;
    }

    /** Moves the clock on to {@code t} and fires the timers due by then. */
    public void advanceTo(Instant t) {
        clock.set(t);
        app.fireTimers().fireDue(clock.millis());
    }

    public void advance(Duration d) {
        advanceTo(clock.instant().plus(d));
    }

    /** Ingests {@code records}, received now. */
    public IngestEvents.Ingested ingest(List<? extends Input> records) {
        return app.ingestEvents().ingest(records, clock.millis());
    }

    /** A salesperson's action on {@code lead}, now. */
    public PerformSalesAction.Result act(String lead, Action action, String reason) {
        LifecycleCommand command = new LifecycleCommand(
                "driver-action-" + ++actions, clock.instant(), lead, action, reason, null, "sales", null);
        return app.performSalesAction().perform(command, clock.millis());
    }

    /** Puts the hand-off configuration {@code yaml} in force now. */
    public void configureHandoff(String yaml) {
        HandoffParser.Result parsed = new HandoffParser().parse(yaml);
        if (!(parsed instanceof HandoffParser.Result.Valid valid)) {
            throw new IllegalArgumentException("invalid hand-off configuration: " + parsed);
        }
        app.configureHandoff().configure(yaml, valid.config(), clock.millis(), "test");
    }
}
