package dev.leadflow.app;

import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.app.port.Learning;
import dev.leadflow.app.port.Models;
import dev.leadflow.app.port.RecordLog;
import dev.leadflow.model.Model;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The application: every use case over one set of leads loaded from the {@link RecordLog}. The
 * composition root ({@code dev.leadflow.server}) builds one and hands each adapter the use cases it
 * serves; see docs/ARCHITECTURE.md.
 */
public final class Leadflow {

    private final IngestEvents ingestEvents;
    private final PerformSalesAction performSalesAction;
    private final PublishModel publishModel;
    private final ConfigureHandoff configureHandoff;
    private final ReassignLead reassignLead;
    private final FireTimers fireTimers;
    private final LeadQueries leadQueries;
    private final SalesQueue salesQueue;
    private final ClosedLoopReports reports;
    private final BacktestDraft backtestDraft;
    private final TrainPredictor trainPredictor;
    private final EvaluatePredictor evaluatePredictor;
    private final ErasePerson erasePerson;
    private final RetainRawEvents retainRawEvents;
    private final Leads leads;
    private final AuditLog audit;

    Leadflow(
            Leads leads, HandoffJournal journal, @Nullable Models models, @Nullable Learning learning, AuditLog audit) {
        this.leads = leads;
        this.audit = audit;
        this.ingestEvents = new IngestEvents(leads);
        this.performSalesAction = new PerformSalesAction(leads, journal);
        this.publishModel = new PublishModel(leads, models, audit);
        this.configureHandoff = new ConfigureHandoff(leads, audit);
        this.reassignLead = new ReassignLead(leads);
        this.fireTimers = new FireTimers(leads);
        this.leadQueries = new LeadQueries(leads, journal);
        this.salesQueue = new SalesQueue(leads);
        this.reports = new ClosedLoopReports(leads, models);
        this.backtestDraft = new BacktestDraft(leads);
        this.trainPredictor = new TrainPredictor(leads, models, learning, audit);
        this.evaluatePredictor = new EvaluatePredictor(leads, learning);
        this.erasePerson = new ErasePerson(leads, audit);
        this.retainRawEvents = new RetainRawEvents(leads);
    }

    /**
     * Loads every stored record into a new engine for {@code model}, the hand-off desk as its
     * {@code journal} left it, then fires timers up to {@code nowMillis}.
     */
    public static Leadflow load(Model model, RecordLog log, HandoffJournal journal, Models models, long nowMillis) {
        return load(model, log, journal, models, null, nowMillis);
    }

    /**
     * {@link #load}, with the learning library that trains the predictive model ({@link
     * #trainPredictor}); the model gets the latest artifact trained for it, if there is one.
     */
    public static Leadflow load(
            Model model,
            RecordLog log,
            HandoffJournal journal,
            Models models,
            @Nullable Learning learning,
            long nowMillis) {
        return load(model, log, journal, models, learning, AuditLog.NONE, nowMillis);
    }

    /** {@link #load}, with the audit log that privileged actions are written to (docs/PRIVACY.md). */
    public static Leadflow load(
            Model model,
            RecordLog log,
            HandoffJournal journal,
            Models models,
            @Nullable Learning learning,
            AuditLog audit,
            long nowMillis) {
        Model trained = withLatestPredictor(model, models);
        return new Leadflow(
                Leads.load(trained, log, () -> Handoff.load(journal), nowMillis), journal, models, learning, audit);
    }

    /** {@code model} with the latest artifact trained for it (docs/PREDICTIVE.md), if it has a predictive section. */
    public static Model withLatestPredictor(Model model, Models models) {
        if (model.predictive().isEmpty()) {
            return model;
        }
        return models.latestTrained(model.id())
                .map(t -> model.withPredictor(Optional.of(t.predictor())))
                .orElse(model);
    }

    /** {@link #load}, for a server without a hand-off and without model versions (tools and tests). */
    public static Leadflow withoutHandoff(Model model, RecordLog log, long nowMillis) {
        return new Leadflow(
                Leads.load(model, log, NoHandoff::new, nowMillis), HandoffJournal.EMPTY, null, null, AuditLog.NONE);
    }

    public IngestEvents ingestEvents() {
        return ingestEvents;
    }

    public PerformSalesAction performSalesAction() {
        return performSalesAction;
    }

    public PublishModel publishModel() {
        return publishModel;
    }

    public ConfigureHandoff configureHandoff() {
        return configureHandoff;
    }

    public ReassignLead reassignLead() {
        return reassignLead;
    }

    public FireTimers fireTimers() {
        return fireTimers;
    }

    public LeadQueries leadQueries() {
        return leadQueries;
    }

    public SalesQueue salesQueue() {
        return salesQueue;
    }

    public ClosedLoopReports reports() {
        return reports;
    }

    public BacktestDraft backtestDraft() {
        return backtestDraft;
    }

    public TrainPredictor trainPredictor() {
        return trainPredictor;
    }

    public EvaluatePredictor evaluatePredictor() {
        return evaluatePredictor;
    }

    public ErasePerson erasePerson() {
        return erasePerson;
    }

    public RetainRawEvents retainRawEvents() {
        return retainRawEvents;
    }

    /** The audit log of privileged actions: read by admins, appended to by the actions' adapters too. */
    public AuditLog auditLog() {
        return audit;
    }

    /** The shared state, for the use cases' tests. */
    Leads leads() {
        return leads;
    }
}
