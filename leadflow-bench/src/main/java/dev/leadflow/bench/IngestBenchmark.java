package dev.leadflow.bench;

import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.port.Scope;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.handoff.HandoffParser;
import dev.leadflow.model.Model;
import dev.leadflow.server.LeadflowServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Durable ingestion through {@code POST /v1/batch}: a server on a fresh database (SQLite file or a
 * real PostgreSQL), a load generator in the same JVM posting pre-built batches from several
 * connections; events/s = events acknowledged / wall time. Every answer must be 200. Runs a few
 * times and prints each run and the median.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests package -pl leadflow-bench -am
 * $JDK21_OR_LATER/bin/java -Xmx4g -cp "leadflow-bench/target/leadflow-bench-0.1.0-SNAPSHOT.jar:leadflow-bench/target/lib/*" \
 *     dev.leadflow.bench.IngestBenchmark sqlite 400000 100 8 3
 * </pre>
 * Arguments: {@code sqlite|postgres}, events per run, events per batch, connections, runs, and
 * optionally a hand-off configuration (e.g. {@code examples/handoff.yaml}) put in force before the
 * load, so that routing, clocks and the desk's journal are in the write path. The events happen on
 * 2026-01-01 from midnight; the server's clock stands at noon that day.
 */
public final class IngestBenchmark {

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "sqlite";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 400_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        String handoff = args.length > 5 ? Files.readString(Path.of(args[5])) : null;
        HandoffConfig handoffConfig =
                handoff == null ? null : ((HandoffParser.Result.Valid) new HandoffParser().parse(handoff)).config();
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-01-01T12:00:00Z"));
        Model model = SyntheticLoad.exampleModel();
        EmbeddedPostgres postgres =
                db.equals("postgres") ? EmbeddedPostgres.builder().start() : null;
        double[] rates = new double[runs];
        try {
            for (int run = 0; run < runs; run++) {
                List<String> bodies = bodies(events, batch, 20_000, run);
                Path dir = Files.createTempDirectory("leadflow-ingest-bench");
                Database database;
                if (postgres == null) {
                    database = Database.embedded(dir);
                } else {
                    try (Connection c = postgres.getPostgresDatabase().getConnection();
                            Statement s = c.createStatement()) {
                        s.execute("CREATE DATABASE bench_" + run);
                    }
                    database = Database.open(postgres.getJdbcUrl("postgres", "bench_" + run));
                }
                try (LeadflowServer server = LeadflowServer.start(database, model, "127.0.0.1", 0, clock)) {
                    String key = server.keys().create(Scope.WRITE, 0L);
                    if (handoffConfig != null) {
                        server.live().configureHandoff().configure(handoff, handoffConfig, 0L, "bench");
                    }
                    rates[run] = load(server.port(), key, bodies, connections);
                    System.out.printf(
                            "run %d: %,.0f events/s (%,d events, batches of %d, %d connections, %s%s)%n",
                            run + 1,
                            rates[run],
                            events,
                            batch,
                            connections,
                            db,
                            handoffConfig == null
                                    ? ""
                                    : ", hand-off: "
                                            + server.live()
                                                    .salesQueue()
                                                    .queue(
                                                            java.util.Optional.empty(),
                                                            java.util.Optional.empty(),
                                                            0,
                                                            0,
                                                            0,
                                                            clock.millis())
                                                    .total()
                                            + " open MQLs/SALs in it");
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "median %,.0f events/s over %d runs (min %,.0f, max %,.0f)%n",
                sorted[runs / 2], runs, sorted[0], sorted[runs - 1]);
    }

    /**
     * Posts every body from {@code connections} threads, each on its own keep-alive HTTP/1.1
     * connection written and read by hand (pre-encoded requests, minimal response parsing), so that
     * the load generator takes as little of the shared CPU as it can; returns events/s.
     */
    static double load(int port, String key, List<String> bodies, int connections) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
        ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
        int events = 0;
        for (String body : bodies) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(head, head.length + b.length);
            System.arraycopy(b, 0, request, head.length, b.length);
            queue.add(request);
            events += body.split("\"messageId\"", -1).length - 1;
        }
        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                    socket.setTcpNoDelay(true);
                    var out = socket.getOutputStream();
                    var in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
                    for (byte[] request = queue.poll(); request != null; request = queue.poll()) {
                        out.write(request);
                        out.flush();
                        if (readResponse(in) != 200) {
                            failures.incrementAndGet();
                        }
                    }
                } catch (java.io.IOException e) {
                    failures.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " batches were not acknowledged");
        }
        return events / seconds;
    }

    /** Reads one HTTP/1.1 response (status line, headers, a Content-Length body); returns its status. */
    static int readResponse(java.io.InputStream in) throws java.io.IOException {
        String status = line(in);
        int code = Integer.parseInt(status.substring(9, 12));
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return code;
    }

    /** Reads one HTTP/1.1 response and returns its body. */
    static String readResponseBody(java.io.InputStream in) throws java.io.IOException {
        line(in);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).strip());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String line(java.io.InputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /**
     * Segment batches of website traffic for {@code leads} people, in time order (as a tracking
     * pipeline sends it): page views and tracks, identifications, now and then a hand-raiser.
     */
    static List<String> bodies(int events, int batch, int leads, int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<String> bodies = new ArrayList<>(events / batch + 1);
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < events; n++) {
            if (n % batch == 0) {
                if (n > 0) {
                    bodies.add(b.append("]}").toString());
                }
                b = new StringBuilder(batch * 220).append("{\"batch\":[");
            } else {
                b.append(',');
            }
            t = t.plusMillis(1 + random.nextInt(200));
            int lead = random.nextInt(leads);
            String id = "\"messageId\":\"r" + seed + "-" + n + "\",\"timestamp\":\"" + t + "\"";
            int kind = random.nextInt(100);
            if (kind < 55) {
                b.append("{\"type\":\"page\",")
                        .append(id)
                        .append(",\"anonymousId\":\"a")
                        .append(lead)
                        .append("\",\"name\":\"Pricing\",\"properties\":{\"category\":\"")
                        .append(kind < 20 ? "pricing" : "blog")
                        .append("\",\"path\":\"/p/")
                        .append(kind)
                        .append("\"}}");
            } else if (kind < 90) {
                b.append("{\"type\":\"track\",")
                        .append(id)
                        .append(",\"userId\":\"u")
                        .append(lead)
                        .append("\",\"event\":\"Content Downloaded\",\"properties\":{\"funnel_stage\":\"mofu\"}}");
            } else if (kind < 98) {
                b.append("{\"type\":\"identify\",")
                        .append(id)
                        .append(",\"userId\":\"u")
                        .append(lead)
                        .append("\",\"anonymousId\":\"a")
                        .append(lead)
                        .append("\",\"traits\":{\"email\":\"u")
                        .append(lead)
                        .append("@corp.io\",\"job\":{\"seniority\":\"vp\"}}}");
            } else {
                b.append("{\"type\":\"track\",")
                        .append(id)
                        .append(",\"userId\":\"u")
                        .append(lead)
                        .append("\",\"event\":\"Demo Requested\"}");
            }
        }
        bodies.add(b.append("]}").toString());
        return bodies;
    }
}
