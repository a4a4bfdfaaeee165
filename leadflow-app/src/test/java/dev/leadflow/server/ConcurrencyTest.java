package dev.leadflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.port.Scope;
import dev.leadflow.model.Model;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Concurrent ingestion")
class ConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("many threads sending events for the same leads, late ones included, end equal to a sequential replay")
    void manyThreadsSameLeads() throws Exception {
        Model model = Fixtures.exampleModel();
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-03-15T00:00:00Z"));
        try (LeadflowServer server = LeadflowServer.start(Database.embedded(dir), model, "127.0.0.1", 0, clock)) {
            String key = server.keys().create(Scope.WRITE, 0L);
            HttpClient http = HttpClient.newHttpClient();
            int threads = 8;
            int batchesPerThread = 25;
            int size = 20;
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<List<Integer>>> statuses = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    statuses.add(pool.submit(() -> {
                        SplittableRandom random = new SplittableRandom(thread);
                        List<Integer> codes = new ArrayList<>();
                        for (int b = 0; b < batchesPerThread; b++) {
                            String body = ServerLoad.batch(random, "t" + thread + "b" + b, size, 12);
                            codes.add(ServerLoad.post(http, server.port(), key, body)
                                    .statusCode());
                        }
                        return codes;
                    }));
                }
                for (Future<List<Integer>> f : statuses) {
                    assertThat(f.get()).containsOnly(200);
                }
            }
            assertThat(server.store().count()).isEqualTo((long) threads * batchesPerThread * size);
            assertThat(server.live().leadQueries().rebuilds()).isPositive();
            Fixtures.assertEqualsReplay(server.live(), server.store(), model, clock.millis());
        }
    }
}
