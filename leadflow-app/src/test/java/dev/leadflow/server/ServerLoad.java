package dev.leadflow.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.SplittableRandom;

/** Test helpers: the example model, random Segment batches, and the live-equals-replay check. */
final class ServerLoad {

    static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

    private ServerLoad() {}

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
                case 0 ->
                    "{\"type\":\"identify\"," + common + ",\"userId\":\"u" + person + "\",\"anonymousId\":\"a" + person
                            + "\",\"traits\":{\"job\":{\"seniority\":\"vp\"},\"company\":{\"employees\":"
                            + random.nextInt(1000) + "}}}";
                case 1 ->
                    "{\"type\":\"track\"," + common + ",\"userId\":\"u" + person + "\",\"event\":\"Demo Requested\"}";
                case 2, 3 ->
                    "{\"type\":\"page\"," + common + ",\"anonymousId\":\"a" + person
                            + "\",\"properties\":{\"category\":\"pricing\"}}";
                default ->
                    "{\"type\":\"track\"," + common + ",\"userId\":\"u" + person
                            + "\",\"event\":\"Content Downloaded\",\"properties\":{\"funnel_stage\":\"bofu\"}}";
            };
            b.append(i == 0 ? "" : ",").append(event);
        }
        return b.append("]}").toString();
    }

    static HttpResponse<String> post(HttpClient http, int port, String writeKey, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/batch"))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
