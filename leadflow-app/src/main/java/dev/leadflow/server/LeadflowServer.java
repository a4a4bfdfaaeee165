package dev.leadflow.server;

import dev.leadflow.adapter.http.HttpServer;
import dev.leadflow.adapter.jdbc.AuditStore;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.HandoffStore;
import dev.leadflow.adapter.jdbc.JdbcRecordStore;
import dev.leadflow.adapter.jdbc.KeyStore;
import dev.leadflow.adapter.jdbc.ModelStore;
import dev.leadflow.adapter.jdbc.Outbox;
import dev.leadflow.adapter.jdbc.UserStore;
import dev.leadflow.adapter.tribuo.TribuoLearning;
import dev.leadflow.adapter.web.Dashboard;
import dev.leadflow.adapter.web.LoginLimits;
import dev.leadflow.adapter.webhook.WebhookDeliverer;
import dev.leadflow.app.Ingestor;
import dev.leadflow.app.Leadflow;
import dev.leadflow.app.TrainPredictor;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.model.Model;
import java.net.http.HttpClient;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server, wired by hand: the database, the record store, the live engine (loaded from
 * the store), the group-commit writer, the timer that fires MQL expiries and hand-off clocks,
 * webhook delivery, and HTTP. Closing it stops HTTP first, then writes what is queued, lets a delivery under way finish, then
 * closes the database.
 */
public final class LeadflowServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeadflowServer.class);
    /** How often due timers are fired; a transition is recorded at its exact due instant regardless. */
    static final long TIMER_PERIOD_MILLIS = 1000;
    /** Leads of the report index read again per hold of the lock: a few milliseconds of work. */
    static final int TIDY_CHUNK = 1000;

    private final Database database;
    private final Database.WriterLock writerLock;
    private final JdbcRecordStore store;
    private final Leadflow live;
    private final Ingestor ingestor;
    private final KeyStore keys;
    private final ModelStore models;
    private final HandoffStore handoffStore;
    private final Outbox outbox;
    private final UserStore users;
    private final AuditStore audit;
    private final ScheduledExecutorService timers;
    private final ScheduledExecutorService training;
    private final WebhookDeliverer deliverer;
    private final HttpServer http;

    @SuppressWarnings("FutureReturnValueIgnored") // each task catches and logs its own failures; shutdown ends it
    private LeadflowServer(
            Database database, Model model, String host, int port, InstantSource clock, LoginLimits loginLimits) {
        this.database = database;
        this.writerLock = database.lockForWriting();
        this.store = new JdbcRecordStore(database);
        this.keys = new KeyStore(database);
        this.models = new ModelStore(database);
        this.handoffStore = new HandoffStore(database);
        this.outbox = new Outbox(database);
        this.users = new UserStore(database);
        this.audit = new AuditStore(database);
        Ingestor startedIngestor = null;
        ScheduledExecutorService startedTimers = null;
        try {
            this.live = Leadflow.load(model, store, handoffStore, models, new TribuoLearning(), audit, clock.millis());
            startedIngestor = new Ingestor(live.ingestEvents(), clock);
            startedTimers = timers(live, clock);
            deliverer = new WebhookDeliverer(
                    outbox,
                    () -> live.configureHandoff().current().config().webhooks().stream()
                            .collect(java.util.stream.Collectors.toMap(HandoffConfig.Webhook::name, w -> w)),
                    clock,
                    HttpClient.newBuilder()
                            .connectTimeout(WebhookDeliverer.TIMEOUT)
                            .build());
            startedTimers.scheduleWithFixedDelay(
                    () -> {
                        try {
                            while (deliverer.deliverDue() > 0) {
                                // another batch is due
                            }
                        } catch (RuntimeException e) {
                            LOG.error("delivering webhooks failed; retrying in a second", e);
                        }
                    },
                    TIMER_PERIOD_MILLIS,
                    TIMER_PERIOD_MILLIS,
                    TimeUnit.MILLISECONDS);
            Dashboard dashboard = new Dashboard(
                    new Dashboard.Services(live, live.reports(), models, users, outbox, clock, loginLimits));
            this.http = HttpServer.start(
                    new HttpServer.Services(live, startedIngestor, keys, models, outbox, clock, dashboard), host, port);
        } catch (RuntimeException e) { // what started stops, so that the caller may close the database and go
            if (startedIngestor != null) {
                startedIngestor.close();
            }
            if (startedTimers != null) {
                startedTimers.shutdownNow();
            }
            writerLock.close();
            throw e;
        }
        this.ingestor = startedIngestor;
        this.timers = startedTimers;
        this.training = training(live, clock);
    }

    /** How often the server asks whether the predictive model is due for training (docs/PREDICTIVE.md). */
    static final long TRAINING_CHECK_MILLIS = 60_000;

    /** Trains the predictive model when it is due, on a thread of its own: ingestion goes on meanwhile. */
    @SuppressWarnings("FutureReturnValueIgnored") // the task catches and logs its own failures; shutdown ends it
    private static ScheduledExecutorService training(Leadflow live, InstantSource clock) {
        ScheduledExecutorService training = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("leadflow-training").daemon().unstarted(r));
        training.scheduleWithFixedDelay(
                () -> {
                    try {
                        live.trainPredictor().trainIfDue(clock.millis()).ifPresent(LeadflowServer::logTraining);
                    } catch (RuntimeException e) {
                        LOG.error("training the predictive model failed; trying again at the next check", e);
                    }
                },
                TIMER_PERIOD_MILLIS * 5,
                TRAINING_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
        training.scheduleWithFixedDelay( // the same thread: a retention run never races a training's replay
                () -> {
                    try {
                        live.retainRawEvents()
                                .runIfDue(clock.millis())
                                .filter(r -> r.events() > 0)
                                .ifPresent(r -> LOG.info(
                                        "retention: cut down the payloads of {} events older than {}",
                                        r.events(),
                                        java.time.Instant.ofEpochMilli(r.before())));
                    } catch (RuntimeException e) {
                        LOG.error("the retention of raw events failed; trying again at the next check", e);
                    }
                },
                TIMER_PERIOD_MILLIS * 10,
                TRAINING_CHECK_MILLIS * 60,
                TimeUnit.MILLISECONDS);
        return training;
    }

    private static void logTraining(TrainPredictor.Result result) {
        switch (result) {
            case TrainPredictor.Result.Trained t ->
                LOG.info(
                        "trained predictor version {} for {} on {} closed cycles ({} positive); applied",
                        t.trained().version(),
                        t.trained().modelId(),
                        t.cycles(),
                        t.positives());
            case TrainPredictor.Result.TooFew f -> LOG.info("no predictor trained: {}", f.reason());
            case TrainPredictor.Result.Conflict c -> LOG.info("no predictor trained: {}", c.message());
        }
    }

    /** Fires due timers every second, from the clock. */
    @SuppressWarnings("FutureReturnValueIgnored") // each task catches and logs its own failures; shutdown ends it
    private static ScheduledExecutorService timers(Leadflow live, InstantSource clock) {
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(
                3, // timers, webhook deliveries, the report index
                r -> Thread.ofPlatform().name("leadflow-timers").daemon().unstarted(r));
        timers.scheduleWithFixedDelay(
                () -> {
                    try {
                        live.fireTimers().fireDue(clock.millis());
                    } catch (RuntimeException e) {
                        LOG.error("firing timers failed; retrying at the next tick", e);
                    }
                },
                TIMER_PERIOD_MILLIS,
                TIMER_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(
                () -> {
                    try {
                        while (live.fireTimers().tidyReports(clock.millis(), TIDY_CHUNK) > 0) {
                            // the lock is let go between chunks, so that ingestion and reads go on
                        }
                    } catch (RuntimeException e) {
                        LOG.error("tidying the report index failed; the next report reads what changed itself", e);
                    }
                },
                TIMER_PERIOD_MILLIS,
                TIMER_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        return timers;
    }

    /**
     * Becomes the database's writer ({@link Database#lockForWriting}), loads the stored history into
     * the engine and starts serving; port 0 picks a free port.
     */
    public static LeadflowServer start(Database database, Model model, String host, int port, InstantSource clock) {
        return start(database, model, host, port, clock, LoginLimits.DEFAULT);
    }

    /** As {@link #start(Database, Model, String, int, InstantSource)}, with the dashboard's limits on password checks. */
    public static LeadflowServer start(
            Database database, Model model, String host, int port, InstantSource clock, LoginLimits loginLimits) {
        return new LeadflowServer(database, model, host, port, clock, loginLimits);
    }

    public int port() {
        return http.port();
    }

    /** Every HTTP route served, as {@code METHOD /path}. */
    public java.util.List<String> routes() {
        return http.routes();
    }

    /** Every page of the dashboard, as {@code METHOD /path}. */
    public java.util.List<String> pages() {
        return http.pages();
    }

    public Leadflow live() {
        return live;
    }

    public JdbcRecordStore store() {
        return store;
    }

    public KeyStore keys() {
        return keys;
    }

    public ModelStore models() {
        return models;
    }

    public AuditStore audit() {
        return audit;
    }

    public UserStore users() {
        return users;
    }

    public Outbox outbox() {
        return outbox;
    }

    public HandoffStore handoffStore() {
        return handoffStore;
    }

    public Database database() {
        return database;
    }

    /**
     * Lets a running timer or delivery pass finish (a delivery the receiver answered is recorded as
     * such, not tried again after a restart), then stops.
     */
    private void stopTimers() {
        training.shutdownNow(); // a training under way finds the database closed and gives up
        deliverer.stop();
        timers.shutdown();
        try {
            if (!timers.awaitTermination(WebhookDeliverer.TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                LOG.warn("a timer or delivery pass did not finish; stopping it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
    }

    @Override
    public void close() {
        http.close();
        ingestor.close();
        stopTimers();
        try {
            writerLock.close();
        } catch (RuntimeException e) {
            LOG.warn("releasing the writer lock failed", e);
        }
        database.close();
    }
}
