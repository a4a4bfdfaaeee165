package dev.leadflow.cli;

import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.ModelStore;
import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.Models;
import dev.leadflow.app.port.Scope;
import dev.leadflow.app.port.Users;
import dev.leadflow.demo.DemoHistory;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import dev.leadflow.server.LeadflowServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the Leadflow server: Segment-compatible ingestion and health, on the embedded "
                + "database (or PostgreSQL with --db).")
final class ServeCommand implements Callable<Integer> {

    static final int DEMO_LEADS = 1000;
    static final int DEMO_DAYS = 120;
    static final long DEMO_SEED = 42;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Mixin
    StorageOptions storage;

    @Option(names = "--model", paramLabel = "M.yaml", description = "The scoring model (default: the bundled example).")
    Path model;

    @Option(
            names = "--demo",
            description = "On first start (empty database), load a synthetic history of "
                    + DEMO_LEADS + " leads over the last " + DEMO_DAYS
                    + " days, handed off to sales by --handoff or else by "
                    + "the bundled example (without its placeholder webhooks).")
    boolean demo;

    @Option(
            names = "--handoff",
            paramLabel = "H.yaml",
            description = "The hand-off configuration (docs/HANDOFF.md), "
                    + "put in force as a new version when it differs from the current one (default: the current one).")
    Path handoff;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        InstantSource clock = InstantSource.system();
        Database database = storage.open();
        Model m = model(database, clock, out);
        Optional<String> handoffYaml = Optional.ofNullable(handoff).map(f -> HandoffFiles.read(f));
        handoffYaml.ifPresent(y ->
                HandoffFiles.parse(y, handoff.toString(), spec.commandLine().getErr()));
        LeadflowServer server;
        try {
            server = LeadflowServer.start(database, m, host, port, clock);
        } catch (dev.leadflow.app.port.StoreException | dev.leadflow.adapter.http.HttpServer.CannotListen e) {
            database.close();
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, String.valueOf(e.getMessage()));
        }
        boolean loadDemo = demo && server.store().count() == 0;
        if (handoffYaml.isEmpty()
                && loadDemo
                && server.live().configureHandoff().current().version().isEmpty()) {
            handoffYaml = Optional.of(HandoffFiles.bundledExampleWithoutWebhooks());
            out.println(
                    "demo: hand-off by the bundled example (examples/handoff.yaml, its placeholder webhooks left out)");
        }
        handoffYaml.ifPresent(y -> configure(server, y, clock, out));
        if (loadDemo) {
            loadDemo(server, m, clock, out);
        } else if (demo) {
            out.println("demo: the database already holds records; nothing loaded");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "leadflow-shutdown"));
        out.printf(
                "Leadflow is listening on http://localhost:%d (%s, model %s, %d leads)%n",
                server.port(),
                database.describe(),
                m.id(),
                server.live().leadQueries().leadCount());
        printKeys(server, clock, out);
        printUsers(server, loadDemo, clock, out);
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * The model to serve: {@code --model}, published as a new version when it is not yet; else the
     * latest published; else the bundled example, published as the first version.
     */
    private Model model(Database database, InstantSource clock, PrintWriter out) {
        ModelStore models = new ModelStore(database);
        Optional<Models.Published> current = models.current();
        String yaml;
        if (model != null) {
            yaml = ModelFiles.read(model);
        } else if (current.isPresent()) {
            yaml = current.get().yaml();
        } else {
            yaml = ModelFiles.bundledExampleText();
        }
        Model m = ModelFiles.parse(
                yaml,
                model == null ? "the published model" : model.toString(),
                spec.commandLine().getErr());
        Optional<Models.Published> same = models.byModelId(m.id());
        if (same.isEmpty()) {
            Models.Published p = models.publish(m.id(), yaml, clock.millis(), "leadflow serve");
            new dev.leadflow.adapter.jdbc.AuditStore(database)
                    .append(
                            clock.millis(),
                            AuditLog.Actor.cli(),
                            AuditLog.Action.MODEL_PUBLISHED,
                            m.id(),
                            java.util.Map.of("version", Integer.toString(p.version())));
            out.printf("model %s published as version %d%n", m.id(), p.version());
        } else if (!same.get().yaml().equals(yaml)) {
            database.close();
            throw new LeadflowCli.UserError(
                    LeadflowCli.EXIT_BAD_INPUT,
                    "model " + m.id() + " is already published with other rules; change its version");
        } else if (current.isPresent() && current.get().version() != same.get().version()) {
            out.printf(
                    "note: serving model %s (version %d); the latest published is %s (version %d)%n",
                    m.id(),
                    same.get().version(),
                    current.get().modelId(),
                    current.get().version());
        }
        return m;
    }

    /** Puts {@code yaml} in force unless it already is. */
    static void configure(LeadflowServer server, String yaml, InstantSource clock, PrintWriter out) {
        Optional<dev.leadflow.app.port.HandoffJournal.Version> current =
                server.live().configureHandoff().current().version();
        if (current.isPresent() && current.get().yaml().equals(yaml)) {
            return;
        }
        server.live()
                .configureHandoff()
                .configure(
                        yaml,
                        HandoffFiles.parse(yaml, "the hand-off configuration", null),
                        clock.millis(),
                        AuditLog.Actor.cli());
        out.printf(
                "hand-off configuration version %d in force%n",
                server.live()
                        .configureHandoff()
                        .current()
                        .version()
                        .orElseThrow()
                        .version());
    }

    /**
     * The demo history, applied through the live server, so that the hand-off sees it happen: in one
     * write (the timer thread cannot fire the present between its parts), as if it arrived when its
     * last record happened; then the timers up to now.
     */
    static void loadDemo(LeadflowServer server, Model model, InstantSource clock, PrintWriter out) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Input> history = DemoHistory.generate(
                model,
                new DemoHistory.Options(DEMO_LEADS, DEMO_DAYS, DEMO_SEED, now.minus(DEMO_DAYS, ChronoUnit.DAYS)));
        server.live().ingestEvents().ingest(history, history.getLast().epochMillis());
        server.live().fireTimers().fireDue(now.toEpochMilli());
        out.printf("demo: loaded %,d records of %,d synthetic leads%n", history.size(), DEMO_LEADS);
        List<String> toppedUp = balanceQueues(server, now.toEpochMilli());
        if (!toppedUp.isEmpty()) {
            out.printf(
                    "demo: a manager moved waiting leads by hand to %s, so that every rep has work%n",
                    String.join(", ", toppedUp));
        }
    }

    /** The most leads a rep with nothing waiting takes from a busier one when the demo loads. */
    static final int DEMO_TOP_UP = 3;

    /**
     * A sales manager's hand on the demo's queues: each rep with nothing waiting (one away, or one
     * whose leads were all worked) is given up to {@value #DEMO_TOP_UP} of the most urgent leads of
     * the busiest rep, of their own team when it has any waiting, by the hand-off's reassignment,
     * so that whoever logs in as any rep finds work. Returns the reps who were given leads.
     */
    static List<String> balanceQueues(LeadflowServer server, long now) {
        var teams = server.live().configureHandoff().current().config().teams();
        java.util.Map<String, String> teamOf = new java.util.LinkedHashMap<>();
        teams.forEach(t -> t.members().forEach(m -> teamOf.putIfAbsent(m.id(), t.id())));
        java.util.function.ToIntFunction<String> waiting = rep -> server.live()
                .salesQueue()
                .queue(Optional.of(rep), Optional.empty(), 0, 0, 0, now)
                .total();
        List<String> given = new java.util.ArrayList<>();
        for (String rep : teamOf.keySet()) {
            if (waiting.applyAsInt(rep) > 0) {
                continue;
            }
            java.util.Comparator<String> busiest = java.util.Comparator.comparingInt(waiting);
            Optional<String> donor = teamOf.keySet().stream()
                    .filter(r -> java.util.Objects.equals(teamOf.get(r), teamOf.get(rep)) && waiting.applyAsInt(r) > 1)
                    .max(busiest)
                    .or(() -> teamOf.keySet().stream()
                            .filter(r -> waiting.applyAsInt(r) > 1)
                            .max(busiest));
            if (donor.isEmpty()) {
                continue;
            }
            int n = Math.min(DEMO_TOP_UP, waiting.applyAsInt(donor.get()) - 1);
            long moved = server.live().salesQueue().queue(donor, Optional.empty(), 0, 0, n, now).leads().stream()
                    .filter(e -> server.live().reassignLead().reassign(e.lead().id(), rep, now))
                    .count();
            if (moved > 0) {
                given.add(rep);
            }
        }
        return given;
    }

    /**
     * The dashboard's users: with a fresh demo, an admin, a marketing user and a sales user for
     * each hand-off member, sharing one made-up password shown once; else how to make the first.
     */
    private static void printUsers(LeadflowServer server, boolean demo, InstantSource clock, PrintWriter out) {
        if (server.users().any()) {
            out.printf(
                    "Dashboard: http://localhost:%d/ (users created earlier; more with ./leadflow users create)%n",
                    server.port());
            return;
        }
        if (!demo) {
            out.printf(
                    "Dashboard: http://localhost:%d/ has no users yet; make the first admin with"
                            + " ./leadflow users create --role admin --username <name>%n",
                    server.port());
            return;
        }
        char[] password = UsersCommand.madeUpPassword();
        List<String> reps = server.live().configureHandoff().current().config().teams().stream()
                .flatMap(t -> t.members().stream())
                .map(m -> m.id())
                .distinct()
                .toList();
        createUser(server, "admin", password, Users.Role.ADMIN, null, clock);
        createUser(server, "marketing", password, Users.Role.MARKETING, null, clock);
        reps.forEach(rep -> createUser(server, rep, password, Users.Role.SALES, rep, clock));
        out.printf(
                "Dashboard: http://localhost:%d/ — demo users admin, marketing and the sales reps %s;"
                        + " password (shown once): %s%n",
                server.port(), waiting(server, reps, clock), new String(password));
    }

    /** Creates a demo user, written to the audit log as this command's. */
    private static void createUser(
            LeadflowServer server,
            String name,
            char[] password,
            Users.Role role,
            @org.jspecify.annotations.Nullable String member,
            InstantSource clock) {
        if (server.users().create(name, password, role, member, clock.millis())) {
            server.audit()
                    .append(
                            clock.millis(),
                            AuditLog.Actor.cli(),
                            AuditLog.Action.USER_CREATED,
                            name,
                            java.util.Map.of("role", role.wireName()));
        }
    }

    /** Creates a key, written to the audit log as this command's. */
    private static String createKey(LeadflowServer server, Scope scope, InstantSource clock) {
        String key = server.keys().create(scope, clock.millis());
        server.audit()
                .append(
                        clock.millis(),
                        AuditLog.Actor.cli(),
                        AuditLog.Action.KEY_CREATED,
                        dev.leadflow.adapter.jdbc.KeyStore.idOf(key),
                        java.util.Map.of("scope", scope.wireName()));
        return key;
    }

    /** The reps, those with the most leads waiting in their queue first, each with that number. */
    static String waiting(LeadflowServer server, List<String> reps, InstantSource clock) {
        long now = clock.millis();
        record Rep(String id, int waiting) {}
        return reps.stream()
                .map(rep -> new Rep(
                        rep,
                        server.live()
                                .salesQueue()
                                .queue(Optional.of(rep), Optional.empty(), 0, 0, 1, now)
                                .total()))
                .sorted(java.util.Comparator.comparingInt(Rep::waiting).reversed())
                .map(r -> r.waiting() > 0 ? r.id() + " (" + r.waiting() + " waiting)" : r.id())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** On first start, makes an admin and a write key and shows them (they are stored hashed). */
    private static void printKeys(LeadflowServer server, InstantSource clock, PrintWriter out) {
        if (server.keys().count() > 0) {
            out.println("Keys: created earlier (shown once); make more with ./leadflow keys create --scope …");
            return;
        }
        String admin = createKey(server, Scope.ADMIN, clock);
        String write = createKey(server, Scope.WRITE, clock);
        out.println("Keys (shown once, stored hashed):");
        out.println("  admin: " + admin);
        out.println(
                "  write: " + write + "   (Segment write key: HTTP Basic user name, e.g. curl -u " + write + ": …)");
    }
}
