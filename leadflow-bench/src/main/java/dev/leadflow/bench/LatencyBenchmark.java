package dev.leadflow.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Single-event latency: {@code POST /v1/track} at a fixed rate (open loop: each request has an
 * intended send time, and its latency is measured from then, so a stall is not hidden by the
 * requests it delays), against a server started as users start it ({@code ./leadflow serve}, in
 * its own process, with the launcher's JVM options) on the embedded database. Every tenth event is
 * a hand-raiser for a new lead; right after its 2xx a {@code GET /api/leads/{id}} checks that the
 * lead is already an MQL. The same traffic (other leads) runs first for the warm-up seconds,
 * unmeasured, so that the JIT has compiled what the measured part runs.
 *
 * <pre>
 * $JDK21_OR_LATER/bin/java -Xmx512m -cp "leadflow-bench/target/leadflow-bench-0.1.0-SNAPSHOT.jar:leadflow-bench/target/lib/*" \
 *     dev.leadflow.bench.LatencyBenchmark 2000 20 32 30
 * </pre>
 * Arguments: requests per second, measured seconds, connections, warm-up seconds, the launcher
 * (default {@code ./leadflow}, run from the project's root).
 */
public final class LatencyBenchmark {

    private LatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        String launcher = args.length > 4 ? args[4] : "./leadflow";
        try (ServerProcess server = ServerProcess.start(launcher, Files.createTempDirectory("leadflow-latency"))) {
            String write = "Basic "
                    + Base64.getEncoder().encodeToString((server.writeKey + ":").getBytes(StandardCharsets.UTF_8));
            String read = "Bearer " + server.adminKey;
            Phase warm = new Phase(server.port, write, read, "warm-", rate, warmup);
            warm.run(connections);
            Phase measured = new Phase(server.port, write, read, "lat-", rate, seconds);
            Hiccups hiccups = Hiccups.start();
            measured.run(connections);
            hiccups.stop();
            long[] sorted = measured.latency.clone();
            Arrays.sort(sorted);
            long[] seen =
                    Arrays.stream(measured.visible).filter(v -> v > 0).sorted().toArray();
            System.out.printf(
                    "%d req/s for %d s (%,d requests, %d connections, %d failures): latency p50 %.2f ms, p99 %.2f ms,"
                            + " p99.9 %.2f ms, max %.2f ms (after %d s of the same traffic, unmeasured)%n",
                    rate,
                    seconds,
                    sorted.length,
                    connections,
                    measured.failures.get(),
                    ms(sorted, 0.50),
                    ms(sorted, 0.99),
                    ms(sorted, 0.999),
                    sorted[sorted.length - 1] / 1e6,
                    warmup);
            System.out.printf(
                    "2xx -> GET /api/leads/{id}: %d of %d hand-raisers not yet MQL; GET took p50 %.2f ms, p99 %.2f ms%n",
                    measured.notVisible.get(), seen.length, ms(seen, 0.5), ms(seen, 0.99));
            System.out.printf(
                    "hiccups of the load generator meanwhile (a thread waking every ms): %d over 5 ms,"
                            + " %.0f ms in all, longest %.2f ms%n",
                    hiccups.over5ms, hiccups.stalledNanos / 1e6, hiccups.longest / 1e6);
        }
    }

    /**
     * How long a thread of the load generator, asking to wake every millisecond, overslept: what
     * the machine (other processes, the hypervisor, this JVM) took from it, with the server's own
     * work excluded only as far as the two share the two cores. A stall seen here delays the
     * requests due during it, whatever the server does.
     */
    private static final class Hiccups {
        private static final long PERIOD = 1_000_000L;
        private final Thread thread;
        private volatile boolean running = true;
        private long longest;
        private long stalledNanos;
        private int over5ms;

        private Hiccups() {
            this.thread = Thread.ofPlatform().name("hiccups").unstarted(this::run);
        }

        static Hiccups start() {
            Hiccups h = new Hiccups();
            h.thread.start();
            return h;
        }

        private void run() {
            while (running) {
                long before = System.nanoTime();
                LockSupport.parkNanos(PERIOD); // the measurement itself: how late the wake-up comes
                long late = System.nanoTime() - before - PERIOD;
                longest = Math.max(longest, late);
                if (late > 5 * PERIOD) {
                    over5ms++;
                    stalledNanos += late;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(); // makes the counts visible to the caller
        }
    }

    /** One run of the traffic: {@code rate} requests a second for {@code seconds}, for leads named from {@code prefix}. */
    private static final class Phase {
        private final int port;
        private final String write;
        private final String read;
        private final String prefix;
        private final long[] latency;
        private final long[] visible;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger notVisible = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final long interval;

        Phase(int port, String write, String read, String prefix, int rate, int seconds) {
            this.port = port;
            this.write = write;
            this.read = read;
            this.prefix = prefix;
            this.latency = new long[rate * seconds];
            this.visible = new long[rate * seconds];
            this.interval = 1_000_000_000L / rate;
        }

        void run(int connections) throws InterruptedException {
            long start = System.nanoTime() + 200_000_000L;
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                threads.add(Thread.ofPlatform().start(() -> connection(start)));
            }
            for (Thread t : threads) {
                t.join();
            }
        }

        private void connection(long start) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 14);
                for (int i = next.getAndIncrement(); i < latency.length; i = next.getAndIncrement()) {
                    long intended = start + i * interval;
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // pacing the open loop, not waiting for a result
                    }
                    boolean handRaiser = i % 10 == 0;
                    String lead = prefix + i;
                    String body = "{\"messageId\":\"" + prefix + "m" + i + "\",\"userId\":\"" + lead
                            + "\",\"timestamp\":\"" + Instant.now() + "\",\"event\":\""
                            + (handRaiser ? "Demo Requested" : "Pricing Viewed") + "\"}";
                    if (send(out, in, "POST /v1/track", write, body) != 200) {
                        failures.incrementAndGet();
                    }
                    long acknowledged = System.nanoTime();
                    latency[i] = acknowledged - intended;
                    if (handRaiser) {
                        String answer = readLead(out, in, read, lead);
                        visible[i] = System.nanoTime() - acknowledged;
                        if (!answer.contains("\"stage\":\"mql\"")) {
                            notVisible.incrementAndGet();
                        }
                    }
                }
            } catch (IOException e) {
                failures.incrementAndGet();
            }
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }

    private static int send(OutputStream out, InputStream in, String requestLine, String auth, String body)
            throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        out.write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
        return IngestBenchmark.readResponse(in);
    }

    private static String readLead(OutputStream out, InputStream in, String auth, String lead) throws IOException {
        out.write(("GET /api/leads/" + lead + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return IngestBenchmark.readResponseBody(in);
    }
}
