package dev.leadflow.bench;

import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.port.Scope;
import dev.leadflow.handoff.HandoffParser;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.input.Track;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.server.LeadflowServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * How fast the reports answer over HTTP on many leads: a server on a fresh embedded (SQLite)
 * database is given a year of synthetic funnel history — every person converts, about a third
 * ask for a demo (MQL, routed by a hand-off to one of 20 reps), most are accepted, some qualify,
 * open opportunities and win, some are rejected — then each report is asked for once (its first
 * answer) and several times more (the median answer time printed); then the server is started
 * again on the same database, as it would be on a morning, the reports asked again, and the
 * dashboard's pages asked for by a logged-in admin ({@link DashboardPages}).
 *
 * <pre>
 * ./mvnw -B -q -DskipTests package -pl leadflow-bench -am
 * $JDK21_OR_LATER/bin/java -Xmx14g --enable-native-access=ALL-UNNAMED \
 *     -cp "leadflow-bench/target/leadflow-bench-0.1.0-SNAPSHOT.jar:leadflow-bench/target/lib/*" \
 *     dev.leadflow.bench.ReportBenchmark 1000000 5
 * </pre>
 * Arguments: leads (default 1,000,000), runs per report (default 7). The history spans 2025-11-01
 * to 2026-11-01; the server's clock stands at 2026-11-01.
 */
public final class ReportBenchmark {

    private static final Instant START = Instant.parse("2025-11-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
    private static final String[] SOURCES = {
        "google", "bing", "linkedin", "newsletter", "partner", "direct", "g2", "webinar"
    };
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final List<String> REPORTS = List.of(
            "funnel?period=week",
            "funnel?period=month&by=source",
            "funnel?by=owner",
            "velocity",
            "velocity?by=team",
            "handoff",
            "handoff?by=source");
    private static final List<String> PAGES = List.of(
            "/",
            "/leads",
            "/leads?q=u4242",
            "/leads?stage=sql&grade=A",
            "/leads?owner=rep7&offset=500",
            "/leads/u4242",
            "/queue",
            "/queue?owner=rep7&offset=100");

    private ReportBenchmark() {}

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path dir = Files.createTempDirectory("leadflow-report-bench");
        try {
            String key = loadAndReport(dir, leads, runs);
            long t = System.nanoTime();
            try (LeadflowServer server = LeadflowServer.start(
                    Database.embedded(dir), SyntheticLoad.exampleModel(), "127.0.0.1", 0, InstantSource.fixed(NOW))) {
                System.out.printf(
                        "restarted in %.1f s; reports on the restarted server:%n", (System.nanoTime() - t) / 1e9);
                reports(server, key, runs);
                System.out.println("dashboard pages on the restarted server, as an admin:");
                DashboardPages.time(server, PAGES, runs, NOW.toEpochMilli());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) { // a million leads take a gigabyte
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** A server on a fresh database in {@code dir} takes the history, then answers the reports; returns a read key. */
    private static String loadAndReport(Path dir, int leads, int runs) throws Exception {
        try (LeadflowServer server = LeadflowServer.start(
                Database.embedded(dir), SyntheticLoad.exampleModel(), "127.0.0.1", 0, InstantSource.fixed(NOW))) {
            String yaml = handoff();
            server.live()
                    .configureHandoff()
                    .configure(
                            yaml,
                            ((HandoffParser.Result.Valid) new HandoffParser().parse(yaml)).config(),
                            START.toEpochMilli(),
                            "bench");
            long t = System.nanoTime();
            List<Input> history = history(leads, 42);
            ingest(server, history, NOW.toEpochMilli());
            System.out.printf(
                    "loaded %,d records of %,d leads in %.0f s; stages now: %s%n",
                    history.size(),
                    server.live().leadQueries().leadCount(),
                    (System.nanoTime() - t) / 1e9,
                    server.live().leadQueries().stageCounts());
            history = null;
            String key = server.keys().create(Scope.READ, 0L);
            System.out.printf(
                    "reports on the server that took the records (%,d changed leads not yet tidied into the "
                            + "report index):%n",
                    server.live().fireTimers().tidyReports(NOW.toEpochMilli(), 0));
            reports(server, key, runs);
            return key;
        }
    }

    /** Asks each report once (its first answer, printed too), then {@code runs} times, and prints the median. */
    private static void reports(LeadflowServer server, String key, int runs) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String report : REPORTS) {
            double[] ms = new double[runs];
            String body = "";
            long first = System.nanoTime();
            get(
                    http,
                    server.port(),
                    key,
                    report); // warm-up: on a server that took the records, slices are computed now
            double firstMs = (System.nanoTime() - first) / 1e6;
            for (int run = 0; run < runs; run++) {
                long s = System.nanoTime();
                body = get(http, server.port(), key, report);
                ms[run] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf(
                    "GET /api/reports/%-30s median %6.0f ms (min %.0f, max %.0f, %d runs, %,d bytes; "
                            + "first %.0f ms)%n",
                    report, ms[runs / 2], ms[0], ms[runs - 1], runs, body.length(), firstMs);
        }
    }

    private static String get(HttpClient http, int port, String key, String report) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/reports/" + report))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(report + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Gives {@code history} to the server in batches of 20,000 records, as if they arrived at {@code now}. */
    static void ingest(LeadflowServer server, List<Input> history, long now) {
        for (int i = 0; i < history.size(); i += 20_000) {
            server.live().ingestEvents().ingest(history.subList(i, Math.min(history.size(), i + 20_000)), now);
        }
    }

    /** A team of 20 reps working around the clock; accept within 8 h, first touch within a day. */
    static String handoff() {
        StringBuilder members = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            members.append(i == 1 ? "" : ", ").append("{ id: rep").append(i).append(" }");
        }
        return """
                teams:
                  - id: inside
                    time_zone: UTC
                    working_hours: always
                    members: [%s]
                  - id: field
                    time_zone: UTC
                    working_hours: always
                    members: [{ id: fieldrep1 }, { id: fieldrep2 }]
                routing:
                  - { name: big, if: { attribute: company.employees, gte: 1000 }, team: field }
                  - { name: all, team: inside }
                sla: { accept_within: 8h, first_touch_within: 24h, escalation: [{ action: notify }] }
                nurture:
                  - { track: education, reasons: [premature] }
                """.formatted(members);
    }

    /** Every lead's records, in time order. */
    static List<Input> history(int leads, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Input> out = new ArrayList<>(leads * 4);
        long span = NOW.toEpochMilli() - START.toEpochMilli() - 60 * DAY;
        Fields[] sources = Arrays.stream(SOURCES)
                .map(src -> Fields.of(Map.of("context.campaign.source", src)))
                .toArray(Fields[]::new);
        for (int i = 0; i < leads; i++) {
            String id = "u" + i;
            long t0 = START.toEpochMilli() + random.nextLong(span);
            Fields source = sources[random.nextInt(SOURCES.length)];
            out.add(new Identify(
                    "id-" + i,
                    Instant.ofEpochMilli(t0),
                    id,
                    null,
                    Fields.of(Map.of("email", id + "@acme.example", "company.employees", random.nextInt(2000)))));
            out.add(new Track("fs-" + i, Instant.ofEpochMilli(t0 + MINUTE), id, null, "form_submitted", source));
            if (random.nextInt(100) < 35) {
                long mql = t0 + random.nextLong(1, 20) * DAY;
                out.add(new Track("demo-" + i, Instant.ofEpochMilli(mql), id, null, "demo_requested", source));
                sales(out, random, id, mql);
            }
        }
        out.sort(Comparator.comparing(Input::timestamp));
        return out;
    }

    private static void sales(List<Input> out, SplittableRandom random, String id, long mql) {
        int roll = random.nextInt(100);
        if (roll < 10) {
            return; // never acted on: its clocks breach
        }
        long at = mql + random.nextLong(10 * MINUTE, 12 * HOUR);
        if (roll < 25) {
            out.add(command(id, "reject", at, Action.REJECT, "premature"));
            return;
        }
        out.add(command(id, "touch", at - MINUTE, Action.TOUCH, "phone"));
        out.add(command(id, "accept", at, Action.ACCEPT, null));
        if (random.nextInt(100) < 45) {
            at += random.nextLong(1, 10) * DAY;
            out.add(command(id, "qualify", at, Action.QUALIFY, null));
            if (random.nextInt(100) < 60) {
                at += random.nextLong(1, 10) * DAY;
                out.add(command(id, "opp", at, Action.OPEN_OPPORTUNITY, null));
                at += random.nextLong(5, 30) * DAY;
                boolean won = random.nextInt(100) < 30;
                out.add(command(id, "close", at, won ? Action.WIN : Action.LOSE, null));
            }
        }
    }

    private static LifecycleCommand command(String id, String what, long at, Action action, String reason) {
        return new LifecycleCommand(what + "-" + id, Instant.ofEpochMilli(at), id, action, reason, null, "rep", null);
    }
}
