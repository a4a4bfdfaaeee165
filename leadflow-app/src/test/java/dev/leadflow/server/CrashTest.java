package dev.leadflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.JdbcRecordStore;
import dev.leadflow.model.Model;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process under steady load is killed with SIGKILL and restarted: every batch it
 * acknowledged is there exactly once, and the restarted state equals a replay of what is stored.
 */
@DisplayName("Crash: kill -9 under load")
class CrashTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("every acknowledged messageId is stored exactly once; the restarted state equals replay")
    void killDashNine() throws Exception {
        ServerProcess server = ServerProcess.start(dir);
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
                        HttpResponse<String> response =
                                ServerLoad.post(http, server.port(), server.writeKey(), previous);
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
            assertThat(enough.await(120, TimeUnit.SECONDS))
                    .as("the server acknowledged load")
                    .isTrue();
        } finally {
            server.kill(); // mid-load (and no stray process when the load failed)
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
        }

        Model model = Fixtures.exampleModel();
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-03-15T00:00:00Z"));
        try (LeadflowServer restarted = LeadflowServer.start(Database.embedded(dir), model, "127.0.0.1", 0, clock)) {
            java.util.Map<String, Integer> stored = new java.util.HashMap<>();
            new JdbcRecordStore(restarted.database())
                    .forEachInProcessingOrder(r -> stored.merge(r.input().messageId(), 1, Integer::sum));
            assertThat(stored)
                    .allSatisfy((id, copies) -> assertThat(copies).as(id).isEqualTo(1));
            assertThat(stored.keySet()).containsAll(acknowledged);
            Fixtures.assertEqualsReplay(restarted.live(), restarted.store(), model, clock.millis());
        }
    }
}
