package dev.leadflow.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a flood of wrong dashboard logins does to everyone else: a probe sends one
 * {@code POST /v1/track} and one {@code GET /health} every 20 ms (open loop, latency from the
 * intended send time) against {@code ./leadflow serve} in its own process, first with no other
 * traffic, then while {@code attackers} threads post logins for random user names (and for the
 * real user's name) as fast as the server answers. Meanwhile the real user signs in with the
 * right password every second, in turn from the browser they signed in with before the flood and
 * from a new one. With {@code many} the attackers send each login from another loopback address
 * (127.1.x.y), as a botnet would, so that no limit by address applies and only the bound on
 * hashing work stands between them and the machine; with {@code pages} they only fetch the login
 * page, the cost of the same flood of requests without a password to check.
 *
 * <pre>
 * $JDK21_OR_LATER/bin/java -cp "leadflow-bench/target/leadflow-bench-0.1.0-SNAPSHOT.jar:leadflow-bench/target/lib/*" \
 *     dev.leadflow.bench.LoginFloodBenchmark 24 15 many ./leadflow
 * </pre>
 * Arguments: attackers, measured seconds per phase, {@code one}, {@code many} or {@code pages}, the
 * launcher (default {@code ./leadflow}; another checkout's launcher measures that version), and
 * {@code no-user} to leave the real user out of the flooded phase.
 */
public final class LoginFloodBenchmark {

    private static final String USER = "bob";
    private static final String PASSWORD = "correct horse battery staple";
    private static final long PROBE_INTERVAL = 20_000_000L;

    private LoginFloodBenchmark() {}

    public static void main(String[] args) throws Exception {
        int attackers = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String mode = args.length > 2 ? args[2] : "one";
        String launcher = args.length > 3 ? args[3] : "./leadflow";
        boolean realUser = args.length <= 4 || !args[4].equals("no-user");
        Path data = Files.createTempDirectory("leadflow-login-flood");
        createUser(launcher, data);
        try (ServerProcess server = ServerProcess.start(launcher, data)) {
            String write = "Basic "
                    + Base64.getEncoder().encodeToString((server.writeKey + ":").getBytes(StandardCharsets.UTF_8));
            new Probe(server.port, write, "warm-", 10).run(); // JIT warm-up, unmeasured
            Probe quiet = new Probe(server.port, write, "quiet-", seconds);
            quiet.run();
            Flood flood = new Flood(server.port, attackers, mode);
            flood.signInBefore();
            flood.start();
            Probe flooded = new Probe(server.port, write, "flood-", seconds);
            Thread user = Thread.ofPlatform().start(() -> flood.realUser(realUser ? seconds : 0));
            flooded.run();
            user.join();
            flood.stop();
            System.out.printf(
                    "%d attackers, %s, %d s per phase%n",
                    attackers,
                    switch (mode) {
                        case "many" -> "logins, each from a new loopback address";
                        case "pages" -> "login pages (GET), no login";
                        case "forms" -> "login forms refused for their CSRF token (403), no password checked";
                        default -> "logins, all from 127.0.0.2";
                    },
                    seconds);
            quiet.print("quiet  ");
            flooded.print("flooded");
            System.out.printf(
                    "attackers' requests: %,d answered %s; the real user's sign-ins from a browser"
                            + " that signed in before: %s, from a new browser: %s%n",
                    flood.answered(), flood.statuses, flood.knownStatuses, flood.newStatuses);
        }
    }

    private static void createUser(String launcher, Path data) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        launcher,
                        "users",
                        "create",
                        "--data",
                        data.toString(),
                        "--username",
                        USER,
                        "--role",
                        "admin",
                        "--password-stdin")
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(launcher + " users create failed: " + out);
        }
    }

    /** One event and one health check every 20 ms for {@code seconds}, each timed from its intended start. */
    private static final class Probe {
        private final int port;
        private final String write;
        private final String prefix;
        private final long[] track;
        private final long[] health;
        private int failures;
        private int sent;

        Probe(int port, String write, String prefix, int seconds) {
            this.port = port;
            this.write = write;
            this.prefix = prefix;
            int n = (int) (seconds * 1_000_000_000L / PROBE_INTERVAL);
            this.track = new long[n];
            this.health = new long[n];
        }

        void run() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 14);
                long start = System.nanoTime() + 100_000_000L;
                long giveUp = start + 3 * track.length * PROBE_INTERVAL; // a server that slow has shown enough
                for (int i = 0; i < track.length && System.nanoTime() < giveUp; i++, sent++) {
                    long intended = start + i * PROBE_INTERVAL;
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // pacing the open loop, not waiting for a result
                    }
                    String body = "{\"messageId\":\"" + prefix + i + "\",\"userId\":\"" + prefix + "lead" + i
                            + "\",\"timestamp\":\"" + Instant.now() + "\",\"event\":\"Pricing Viewed\"}";
                    byte[] b = body.getBytes(StandardCharsets.UTF_8);
                    out.write(("POST /v1/track HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + write
                                    + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(b);
                    out.flush();
                    failures += IngestBenchmark.readResponse(in) == 200 ? 0 : 1;
                    long tracked = System.nanoTime();
                    track[i] = tracked - intended;
                    out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    failures += IngestBenchmark.readResponse(in) == 200 ? 0 : 1;
                    health[i] = System.nanoTime() - tracked;
                }
            }
        }

        void print(String label) {
            long[] t = Arrays.copyOf(track, sent);
            long[] h = Arrays.copyOf(health, sent);
            Arrays.sort(t);
            Arrays.sort(h);
            System.out.printf(
                    "%s: /v1/track p50 %.2f ms, p99 %.2f ms; /health p50 %.2f ms, p99 %.2f ms"
                            + " (%d of each sent, of %d due; %d not 200)%n",
                    label, ms(t, 0.5), ms(t, 0.99), ms(h, 0.5), ms(h, 0.99), sent, track.length, failures);
        }
    }

    /** Attackers posting wrong logins, each as soon as the last was answered; and the real user. */
    private static final class Flood {
        private final int port;
        private final int attackers;
        private final String mode;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicInteger nextAddress = new AtomicInteger();
        private final AtomicLong answered = new AtomicLong();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final Map<Integer, Integer> knownStatuses = new TreeMap<>();
        final Map<Integer, Integer> newStatuses = new TreeMap<>();
        private String deviceCookie = "";
        private volatile boolean running = true;

        Flood(int port, int attackers, String mode) {
            this.port = port;
            this.attackers = attackers;
            this.mode = mode;
        }

        /** The real user signs in once from 127.0.0.1, before the flood: their browser keeps its device cookie. */
        void signInBefore() throws IOException {
            String answer = login(InetAddress.getByName("127.0.0.1"), USER, PASSWORD, "");
            Matcher m = Pattern.compile("Set-Cookie: (leadflow_device=[^;]+)").matcher(answer);
            deviceCookie = m.find() ? "; " + m.group(1) : ""; // the version before device cookies sets none
        }

        void start() {
            for (int a = 0; a < attackers; a++) {
                int seed = a;
                threads.add(Thread.ofPlatform().daemon().start(() -> attack(seed)));
            }
        }

        private void attack(int seed) {
            SplittableRandom random = new SplittableRandom(seed);
            while (running) {
                String name = random.nextInt(4) == 0 ? USER : "user" + random.nextInt(1_000_000);
                try {
                    int status = switch (mode) {
                        case "pages" -> page(from());
                        case "forms" -> status(login(from(), name, "guess", "-expired")); // a CSRF mismatch: 403
                        default -> status(login(from(), name, "guess" + random.nextInt(), ""));
                    };
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    answered.incrementAndGet();
                } catch (IOException e) {
                    statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                }
            }
        }

        private InetAddress from() throws IOException {
            if (!mode.equals("many")) {
                return InetAddress.getByName("127.0.0.2");
            }
            int n = nextAddress.getAndIncrement() & 0xffff;
            return InetAddress.getByAddress(new byte[] {127, 1, (byte) (n >> 8), (byte) n});
        }

        /**
         * Every second of {@code seconds} the real user signs in with the right password, in turn
         * from their browser of before (127.0.0.1, with its device cookie) and from a new one
         * (127.0.0.4), counting the answers.
         */
        void realUser(int seconds) {
            long start = System.nanoTime();
            for (int i = 0; i < seconds; i++) {
                LockSupport.parkNanos(start + (i + 1) * 1_000_000_000L - System.nanoTime()); // pacing
                boolean known = i % 2 == 0;
                int status;
                try {
                    status = status(login(
                            InetAddress.getByName(known ? "127.0.0.1" : "127.0.0.4"),
                            USER,
                            PASSWORD,
                            known ? deviceCookie : ""));
                } catch (IOException e) {
                    status = -1;
                }
                (known ? knownStatuses : newStatuses).merge(status, 1, Integer::sum);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join();
            }
        }

        long answered() {
            return answered.get();
        }

        /** One login form post on a connection of its own from {@code from}; the whole answer. */
        private String login(InetAddress from, String name, String password, String cookies) throws IOException {
            String body = "_csrf=t0&username=" + name + "&password=" + password.replace(' ', '+');
            return exchange(
                    from,
                    "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: leadflow_login=t0" + cookies
                            + "\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: close\r\nContent-Length: "
                            + body.length() + "\r\n\r\n" + body);
        }

        /** The login page, on a connection of its own from {@code from}; the answer's status. */
        private int page(InetAddress from) throws IOException {
            return status(exchange(from, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        }

        private String exchange(InetAddress from, String request) throws IOException {
            try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, from, 0)) {
                OutputStream out = socket.getOutputStream();
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }

        private static int status(String answer) {
            return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }
}
