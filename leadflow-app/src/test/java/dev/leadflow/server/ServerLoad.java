package dev.leadflow.server;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.Replay;
import dev.leadflow.live.LiveLeads;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelParser;
import dev.leadflow.store.RecordStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers: the example model, random Segment batches, and the live-equals-replay check. */
final class ServerLoad {

    static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

    private ServerLoad() {
    }

    static Model model() throws IOException {
        return ((ModelParser.Result.Valid) new ModelParser()
                .parse(Files.readString(Path.of("..", "examples", "model.yaml")))).model();
    }

    /**
     * A batch of {@code size} events for a few of {@code leads} people, with ids {@code prefix-n},
     * timestamps scattered over 30 days (so many arrive late), identifications and hand-raisers.
     */
    static String batch(SplittableRandom random, String prefix, int size, int leads) {
        StringBuilder b = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < size; i++) {
            int person = random.nextInt(leads);
            Instant at = T0.plusSeconds(random.nextLong(30L * 86_400));
            String common = "\"messageId\":\"" + prefix + "-" + i + "\",\"timestamp\":\"" + at + "\"";
            String event = switch (random.nextInt(10)) {
                case 0 -> "{\"type\":\"identify\"," + common + ",\"userId\":\"u" + person + "\",\"anonymousId\":\"a" + person
                        + "\",\"traits\":{\"job\":{\"seniority\":\"vp\"},\"company\":{\"employees\":" + random.nextInt(1000) + "}}}";
                case 1 -> "{\"type\":\"track\"," + common + ",\"userId\":\"u" + person + "\",\"event\":\"Demo Requested\"}";
                case 2, 3 -> "{\"type\":\"page\"," + common + ",\"anonymousId\":\"a" + person
                        + "\",\"properties\":{\"category\":\"pricing\"}}";
                default -> "{\"type\":\"track\"," + common + ",\"userId\":\"u" + person
                        + "\",\"event\":\"Content Downloaded\",\"properties\":{\"funnel_stage\":\"bofu\"}}";
            };
            b.append(i == 0 ? "" : ",").append(event);
        }
        return b.append("]}").toString();
    }

    static HttpResponse<String> post(HttpClient http, int port, String writeKey, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/batch"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every lead of {@code live} equals a replay of everything stored, at {@code at}. */
    static void assertEqualsReplay(LiveLeads live, RecordStore store, Model model, long at) {
        List<Replay.Numbered> records = new ArrayList<>();
        store.forEachInProcessingOrder(r -> records.add(new Replay.Numbered(r.seq(), r.input())));
        records.sort(java.util.Comparator.comparingLong(Replay.Numbered::line));
        Replay.Result replay = Replay.run(new Engine(model), records, Optional.of(at), p -> { });
        assertThat(live.leadIds()).isEqualTo(replay.engine().leadIds());
        for (String id : replay.engine().leadIds()) {
            assertThat(live.lead(id, at)).as(id).isEqualTo(replay.engine().snapshot(id, at));
        }
    }
}
