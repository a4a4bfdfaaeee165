package dev.leadflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.Fixtures;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.port.RecordLog;
import dev.leadflow.app.port.Scope;
import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.server.LeadflowServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Segment-compatible ingestion over HTTP")
class SegmentIngestTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private LeadflowServer server;
    private RecordLog store;
    private String writeKey;
    private String readKey;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = LeadflowServer.start(
                Database.embedded(dir), Fixtures.exampleModel(), "127.0.0.1", 0, InstantSource.fixed(NOW));
        store = server.store();
        writeKey = server.keys().create(Scope.WRITE, 0L);
        readKey = server.keys().create(Scope.READ, 0L);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Answer(int status, JsonNode body) {}

    private Answer post(String path, String body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private LeadSnapshot lead(String id) {
        return server.live().leadQueries().lead(id, NOW.toEpochMilli()).orElseThrow();
    }

    private static final String TRACK = """
            {"messageId":"m1","userId":"u1","event":"Content Downloaded","timestamp":"2026-03-10T11:00:00Z",
             "properties":{"funnel_stage":"bofu"}}""";

    @Test
    @DisplayName("a single call with a write key is stored and scored before the 200")
    void single() throws Exception {
        Answer answer = post("/v1/track", TRACK, writeKey);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("success").asBoolean()).isTrue();
        assertThat(store.count()).isEqualTo(1);
        assertThat(lead("u1").ledger()).extracting(e -> e.rule()).contains("bofu-content");
    }

    @Test
    @DisplayName("a repeated messageId is accepted and stored once")
    void repeated() throws Exception {
        assertThat(post("/v1/track", TRACK, writeKey).status()).isEqualTo(200);
        assertThat(post("/v1/track", TRACK, writeKey).status()).isEqualTo(200);
        assertThat(store.count()).isEqualTo(1);
    }

    @Nested
    @DisplayName("authentication")
    class Authentication {

        @Test
        @DisplayName("no key, an unknown key or a malformed header is 401; a read key may not ingest (403)")
        void refused() throws Exception {
            Answer none = post("/v1/track", TRACK, null);
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.body().get("error").asText()).contains("write key");
            assertThat(post("/v1/track", TRACK, "lf_write_nope").status()).isEqualTo(401);
            Answer read = post("/v1/track", TRACK, readKey);
            assertThat(read.status()).isEqualTo(403);
            assertThat(read.body().get("error").asText()).contains("scope 'read'");
            HttpResponse<String> garbage = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/track"))
                            .header("Authorization", "Basic %%%")
                            .POST(HttpRequest.BodyPublishers.ofString(TRACK))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(garbage.statusCode()).isEqualTo(401);
            assertThat(store.count()).isZero();
        }

        @Test
        @DisplayName("the write key may come in the body, as Segment's Java library sends it")
        void keyInBody() throws Exception {
            String batch = "{\"writeKey\":\"" + writeKey + "\",\"batch\":[" + TRACK.replace("{", "{\"type\":\"track\",")
                    + "]}";
            assertThat(post("/v1/batch", batch, null).status()).isEqualTo(200);
            assertThat(post("/v1/batch", batch.replace(writeKey, readKey), null).status())
                    .isEqualTo(403);
            assertThat(post("/v1/batch", batch.replace(writeKey, "lf_write_x"), null)
                            .status())
                    .isEqualTo(401);
            assertThat(store.count()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("batches")
    class Batches {

        @Test
        @DisplayName("invalid items are refused with their index and reason; the valid ones are kept")
        void partial() throws Exception {
            String batch = """
                    {"batch":[
                      {"type":"page","messageId":"b0","anonymousId":"a1","timestamp":"2026-03-10T10:00:00Z","properties":{"category":"pricing"}},
                      {"type":"track","messageId":"b1","timestamp":"2026-03-10T10:01:00Z"},
                      "not an event",
                      {"type":"identify","messageId":"b3","userId":"u2","timestamp":"2026-03-10T10:02:00Z","traits":{"email":"x@corp.io"}}
                    ]}""";
            Answer answer = post("/v1/batch", batch, writeKey);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("error").asText())
                    .isEqualTo("2 of 4 events are invalid; the others were stored");
            assertThat(answer.body().get("details"))
                    .extracting(d -> d.get("index").asInt())
                    .containsExactly(1, 2);
            assertThat(answer.body().get("details").get(0).get("message").asText())
                    .isNotBlank();
            assertThat(store.count()).isEqualTo(2);
        }

        @Test
        @DisplayName("a write key cannot perform sales actions: lifecycle records are refused on /v1")
        void noLifecycleOnV1() throws Exception {
            String batch = """
                    {"batch":[{"type":"lifecycle","messageId":"l1","userId":"u1","action":"accept","timestamp":"2026-03-10T10:00:00Z"}]}""";
            Answer answer = post("/v1/batch", batch, writeKey);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("details").get(0).get("message").asText())
                    .startsWith("type: 'lifecycle' is not a Segment call")
                    .contains("/api/leads/{id}/actions");
            assertThat(store.count()).isZero();
        }

        @Test
        @DisplayName("Segment's libraries post to /v1/import/ (trailing slash), RudderStack's to /v1/batch")
        void importPath() throws Exception {
            String batch = "{\"batch\":[" + TRACK.replace("{", "{\"type\":\"track\",") + "]}";
            assertThat(post("/v1/import/", batch, writeKey).status()).isEqualTo(200);
            assertThat(store.count()).isEqualTo(1);
        }

        @Test
        @DisplayName("an event dated more than a day ahead of the server's clock is refused; the others are kept")
        void future() throws Exception {
            String batch = """
                    {"batch":[
                      {"type":"track","messageId":"f1","userId":"u4","event":"x","timestamp":"2026-03-12T12:00:01Z"},
                      {"type":"track","messageId":"f2","userId":"u4","event":"x","timestamp":"2026-03-11T11:00:00Z"}]}""";
            Answer answer = post("/v1/batch", batch, writeKey);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("details").get(0).get("message").asText())
                    .startsWith("timestamp: 2026-03-12T12:00:01Z is more than 24 h ahead of the server's clock");
            assertThat(store.count()).isEqualTo(1);
        }

        @Test
        @DisplayName("sentAt moves client timestamps by the skew between the client's clock and the server's")
        void clockSkew() throws Exception {
            // the client's clock is 30 minutes behind: it sent at "11:30" what the server received at 12:00
            String batch = """
                    {"sentAt":"2026-03-10T11:30:00Z","batch":[
                      {"type":"track","messageId":"s1","userId":"u3","event":"Webinar Attended","timestamp":"2026-03-10T11:00:00Z"}]}""";
            assertThat(post("/v1/batch", batch, writeKey).status()).isEqualTo(200);
            assertThat(lead("u3").ledger())
                    .filteredOn(e -> e.rule().equals("webinar-attended"))
                    .singleElement()
                    .extracting(e -> e.at())
                    .isEqualTo(Instant.parse("2026-03-10T11:30:00Z").toEpochMilli());
        }
    }

    @Nested
    @DisplayName("limits and malformed requests: a 4xx that says what is wrong, nothing stored, never a 500")
    class Malformed {

        @Test
        @DisplayName("a body refused before it was all read says Connection: close, so no client sends another "
                + "request on a connection the server is closing (it did, one CI run in many)")
        void refusedBodyClosesTheConnection() throws Exception {
            byte[] body = ("{\"messageId\":\"big\",\"userId\":\"u1\",\"event\":\"e\",\"properties\":{\"p\":\""
                            + "x".repeat(40_000) + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                String head = "POST /v1/track HTTP/1.1\r\nHost: x\r\nAuthorization: Basic "
                        + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)) + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(body, 0, 1_000); // the server answers before the rest is sent
                socket.getOutputStream().flush();
                java.io.InputStream in = socket.getInputStream();
                StringBuilder answer = new StringBuilder();
                while (!answer.toString().endsWith("}")) { // the head, then the JSON error
                    answer.append((char) in.read());
                }
                assertThat(answer.toString()).startsWith("HTTP/1.1 400");
                assertThat(answer.toString().toLowerCase(java.util.Locale.ROOT)).contains("\r\nconnection: close\r\n");
                socket.getOutputStream().write(body, 1_000, body.length - 1_000); // read and dropped, then closed
                socket.getOutputStream().flush();
                assertThat(in.read())
                        .as("the server closes once the body has ended")
                        .isEqualTo(-1);
            }
            Answer next = post("/v1/track", TRACK, writeKey);
            assertThat(next.status())
                    .as("the client's next request, on a new connection")
                    .isEqualTo(200);
        }

        @Test
        @DisplayName("a client still sending a refused body gets the answer, not a reset connection, every time "
                + "(the 400 to a 600 KB batch was lost now and then: the server closed with bytes unread)")
        void refusedLargeBodiesAreAnsweredEveryTime() throws Exception {
            String huge = "{\"batch\":[{\"type\":\"track\",\"messageId\":\"h\",\"userId\":\"u\",\"event\":\"e\","
                    + "\"properties\":{\"p\":\"" + "y".repeat(600_000) + "\"}}]}";
            for (int i = 0; i < 100; i++) {
                Answer tooBig = post("/v1/batch", huge, writeKey);
                assertThat(tooBig.status()).as("attempt %d", i).isEqualTo(400);
            }
            assertThat(post("/v1/track", TRACK, writeKey).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("an event over 32 KB, alone or in a batch, and a batch over 500 KB")
        void limits() throws Exception {
            String big = "x".repeat(33 * 1024);
            String bigTrack =
                    "{\"messageId\":\"big\",\"userId\":\"u1\",\"event\":\"e\",\"properties\":{\"p\":\"" + big + "\"}}";
            Answer single = post("/v1/track", bigTrack, writeKey);
            assertThat(single.status()).isEqualTo(400);
            assertThat(single.body().get("error").asText())
                    .isEqualTo("the event is larger than 32 KB, the Segment limit");
            Answer inBatch = post(
                    "/v1/batch",
                    "{\"batch\":[" + bigTrack.replace("{\"messageId", "{\"type\":\"track\",\"messageId") + "]}",
                    writeKey);
            assertThat(inBatch.status()).isEqualTo(400);
            assertThat(inBatch.body().get("details").get(0).get("message").asText())
                    .contains("the limit is 32768");
            StringBuilder huge = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < 20; i++) {
                huge.append(i == 0 ? "" : ",")
                        .append("{\"type\":\"track\",\"messageId\":\"h")
                        .append(i)
                        .append("\",\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"p\":\"")
                        .append("y".repeat(30_000))
                        .append("\"}}");
            }
            Answer tooBig = post("/v1/batch", huge.append("]}").toString(), writeKey);
            assertThat(tooBig.status()).isEqualTo(400);
            assertThat(tooBig.body().get("error").asText())
                    .isEqualTo("the batch is larger than 500 KB, the Segment limit");
            assertThat(store.count()).isZero();
        }

        @Test
        @DisplayName("not JSON, not an object, no batch array, an empty body, an unknown endpoint")
        void malformed() throws Exception {
            assertThat(post("/v1/track", "{\"userId\":", writeKey)
                            .body()
                            .get("error")
                            .asText())
                    .startsWith("the body is not valid JSON");
            assertThat(post("/v1/track", "[1,2]", writeKey).body().get("error").asText())
                    .isEqualTo("the body must be a JSON object");
            assertThat(post("/v1/batch", "{\"batch\":{}}", writeKey)
                            .body()
                            .get("error")
                            .asText())
                    .startsWith("batch: expected an array");
            assertThat(post("/v1/track", "", writeKey).status()).isEqualTo(400);
            Answer missing = post("/v1/nothing", "{}", writeKey);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body().get("error").asText()).contains("/v1/nothing");
            assertThat(store.count()).isZero();
        }
    }

    @Test
    @DisplayName("GET /metrics shows ingest counts, latency, queue depth and leads per stage, for Prometheus")
    void metrics() throws Exception {
        post("/v1/track", TRACK, writeKey);
        post("/v1/track", TRACK, writeKey);
        post("/v1/batch", "{\"batch\":[{\"type\":\"track\"}]}", writeKey);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body().lines())
                .contains(
                        "leadflow_ingest_records_total 1.0",
                        "leadflow_ingest_duplicates_total 1.0",
                        "leadflow_ingest_invalid_total 1.0",
                        "leadflow_ingest_queue_depth 0.0",
                        "leadflow_leads{stage=\"lead\"} 1.0",
                        "leadflow_leads{stage=\"mql\"} 0.0",
                        "leadflow_ingest_request_seconds_count 3");
    }

    @Test
    @DisplayName("GET /api/openapi.json documents exactly the routes the server serves")
    void openApi() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/openapi.json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(response.body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        java.util.List<String> documented = new java.util.ArrayList<>();
        doc.get("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .fieldNames()
                        .forEachRemaining(method ->
                                documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(server.routes());
    }

    @Test
    @DisplayName("GET /health answers ok with the number of leads")
    void health() throws Exception {
        post("/v1/track", TRACK, writeKey);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("leads").asInt()).isEqualTo(1);
    }
}
