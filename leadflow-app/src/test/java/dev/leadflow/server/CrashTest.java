package dev.leadflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.model.Model;
import dev.leadflow.store.Database;
import dev.leadflow.store.JdbcRecordStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process under steady load is killed with SIGKILL and restarted: every batch it
 * acknowledged is there exactly once, and the restarted state equals a replay of what is stored.
 */
@DisplayName("Crash: kill -9 under load")
class CrashTest {

    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
    private static final Pattern WRITE_KEY = Pattern.compile("write: (lf_write_\\S+)");

    @TempDir
    Path dir;

    /** A server process on {@code dir}, its port and (on first start) its write key. */
    private record Server(Process process, int port, String writeKey) {
    }

    private Server startProcess() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.leadflow.cli.LeadflowCli", "serve", "--port", "0",
                "--host", "127.0.0.1", "--data", dir.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int port = -1;
        String key = null;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher listening = LISTENING.matcher(line);
            Matcher write = WRITE_KEY.matcher(line);
            if (listening.find()) {
                port = Integer.parseInt(listening.group(1));
            } else if (write.find()) {
                key = write.group(1);
            }
            if (port > 0 && (key != null || line.startsWith("Keys: created earlier"))) {
                break;
            }
        }
        assertThat(port).as("the server printed its port").isPositive();
        Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> { })); // keep draining its output
        return new Server(process, port, key);
    }

    @Test
    @DisplayName("every acknowledged messageId is stored exactly once; the restarted state equals replay")
    void killDashNine() throws Exception {
        Server server = startProcess();
        HttpClient http = HttpClient.newHttpClient();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        CountDownLatch enough = new CountDownLatch(150);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            clients.add(Thread.ofPlatform().start(() -> {
                SplittableRandom random = new SplittableRandom(thread);
                String previous = null;
                for (int b = 0; running.get(); b++) {
                    String prefix = "c" + thread + "b" + b;
                    try {
                        if (previous != null && b % 5 == 0) { // a client retrying a batch: stored once all the same
                            ServerLoad.post(http, server.port(), server.writeKey(), previous);
                        }
                        previous = ServerLoad.batch(random, prefix, 25, 40);
                        HttpResponse<String> response = ServerLoad.post(http, server.port(), server.writeKey(), previous);
                        if (response.statusCode() == 200) {
                            for (int i = 0; i < 25; i++) {
                                acknowledged.add(prefix + "-" + i);
                            }
                            enough.countDown();
                        }
                    } catch (IOException e) {
                        return; // the server is gone
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        try {
            assertThat(enough.await(120, TimeUnit.SECONDS)).as("the server acknowledged load").isTrue();
        } finally {
            server.process().destroyForcibly(); // SIGKILL, mid-load (and no stray process when the load failed)
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
        }

        Model model = Fixtures.exampleModel();
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-03-15T00:00:00Z"));
        try (LeadflowServer restarted = LeadflowServer.start(Database.embedded(dir), model, "127.0.0.1", 0, clock)) {
            java.util.Map<String, Integer> stored = new java.util.HashMap<>();
            new JdbcRecordStore(restarted.database()).forEachInProcessingOrder(
                    r -> stored.merge(r.input().messageId(), 1, Integer::sum));
            assertThat(stored).allSatisfy((id, copies) -> assertThat(copies).as(id).isEqualTo(1));
            assertThat(stored.keySet()).containsAll(acknowledged);
            Fixtures.assertEqualsReplay(restarted.live(), restarted.store(), model, clock.millis());
        }
    }
}
