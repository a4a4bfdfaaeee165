package dev.leadflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.Fixtures;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.json.LeadJson;
import dev.leadflow.app.port.RecordLog;
import dev.leadflow.app.port.Scope;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.Replay;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import dev.leadflow.server.LeadflowServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The leads API")
class LeadsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** After the last example record (2026-04-02T16:00Z). */
    private static final Instant NOW = Instant.parse("2026-04-03T09:00:00Z");

    @TempDir
    Path dir;

    private Model model;
    private LeadflowServer server;
    private RecordLog store;
    private String readKey;
    private String actKey;
    private String writeKey;
    private List<Input> examples;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        model = Fixtures.exampleModel();
        server = LeadflowServer.start(Database.embedded(dir), model, "127.0.0.1", 0, InstantSource.fixed(NOW));
        store = server.store();
        examples = Fixtures.exampleRecords();
        server.live().ingestEvents().ingest(examples, NOW.toEpochMilli());
        readKey = server.keys().create(Scope.READ, 0L);
        actKey = server.keys().create(Scope.ACT, 0L);
        writeKey = server.keys().create(Scope.WRITE, 0L);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Answer(int status, JsonNode body) {}

    private Answer send(String method, String path, String body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, readKey);
    }

    private Answer act(String lead, String body) throws IOException, InterruptedException {
        return send("POST", "/api/leads/" + URLEncoder.encode(lead, StandardCharsets.UTF_8) + "/actions", body, actKey);
    }

    @Nested
    @DisplayName("GET /api/leads/{id}")
    class GetLead {

        @Test
        @DisplayName(
                "shows exactly what replay prints for the lead, at request time, plus profile, identities and timeline")
        void sameAsReplay() throws Exception {
            List<Replay.Numbered> numbered = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                numbered.add(new Replay.Numbered(i + 1, examples.get(i)));
            }
            Replay.Result replay = Replay.run(new Engine(model), numbered, Optional.of(NOW.toEpochMilli()), p -> {});
            for (String id : replay.engine().leadIds()) {
                Answer answer = get("/api/leads/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
                assertThat(answer.status()).as(id).isEqualTo(200);
                JsonNode expected = JSON.readTree(LeadJson.lead(
                        replay.engine().snapshot(id, NOW.toEpochMilli()).orElseThrow(), true));
                ObjectNode common = ((ObjectNode) answer.body()).deepCopy();
                common.retain(List.of(
                        "lead",
                        "stage",
                        "fit",
                        "engagement",
                        "grade",
                        "cycle",
                        "mql_at",
                        "model",
                        "ledger",
                        "transitions"));
                assertThat(common).as(id).isEqualTo(expected);
            }
        }

        @Test
        @DisplayName("the timeline interleaves records and transitions by time; the profile and cookies are there")
        void timeline() throws Exception {
            JsonNode ana = get("/api/leads/u-ana").body();
            assertThat(ana.get("profile").get("email").asText()).isEqualTo("ana@acme.io");
            assertThat(ana.get("anonymous_ids")).extracting(JsonNode::asText).containsExactly("a-100");
            List<String> times = new ArrayList<>();
            ana.get("timeline").forEach(e -> times.add(e.get("at").asText()));
            assertThat(times).isSorted();
            assertThat(ana.get("timeline"))
                    .extracting(e -> e.get("kind").asText())
                    .contains("record", "transition");
            assertThat(ana.get("timeline"))
                    .filteredOn(e -> e.get("kind").asText().equals("record"))
                    .extracting(e -> e.get("record").get("messageId").asText())
                    .contains("ex-001", "ex-005", "ex-009");
        }

        @Test
        @DisplayName("an unknown lead is 404; no key 401; a write key 403")
        void errors() throws Exception {
            Answer unknown = get("/api/leads/nobody");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.body().get("error").asText()).isEqualTo("unknown lead 'nobody'");
            assertThat(send("GET", "/api/leads/u-ana", null, null).status()).isEqualTo(401);
            assertThat(send("GET", "/api/leads/u-ana", null, "lf_read_bogus").status())
                    .isEqualTo(401);
            assertThat(send("GET", "/api/leads/u-ana", null, writeKey).status()).isEqualTo(403);
        }
    }

    @Nested
    @DisplayName("GET /api/leads")
    class ListLeads {

        @Test
        @DisplayName("filters by stage, grade, score ranges and text; pages by id")
        void filters() throws Exception {
            Answer all = get("/api/leads");
            assertThat(all.body().get("total").asInt()).isEqualTo(6);
            assertThat(all.body().get("leads"))
                    .extracting(l -> l.get("lead").asText())
                    .containsExactly("anon:a-300", "u-ana", "u-ben", "u-cara", "u-dan", "u-eve");
            assertThat(get("/api/leads?stage=mql").body().get("leads"))
                    .extracting(l -> l.get("lead").asText())
                    .containsExactly("u-cara");
            assertThat(get("/api/leads?stage=customer,recycled")
                            .body()
                            .get("total")
                            .asInt())
                    .isEqualTo(2);
            assertThat(get("/api/leads?q=ACME").body().get("leads"))
                    .extracting(l -> l.get("lead").asText())
                    .containsExactly("u-ana");
            assertThat(get("/api/leads?fit_min=45&engagement_min=40").body().get("leads"))
                    .extracting(l -> l.get("lead").asText())
                    .containsExactly("u-cara");
            assertThat(get("/api/leads?grade=b3").body().get("total").asInt()).isEqualTo(2);
            assertThat(get("/api/leads?owner=none").body().get("total").asInt())
                    .as("nobody is assigned yet")
                    .isEqualTo(6);
            assertThat(get("/api/leads?owner=rep:alice").body().get("total").asInt())
                    .isZero();
            Answer page = get("/api/leads?limit=2&offset=2");
            assertThat(page.body().get("total").asInt()).isEqualTo(6);
            assertThat(page.body().get("leads"))
                    .extracting(l -> l.get("lead").asText())
                    .containsExactly("u-ben", "u-cara");
        }

        @Test
        @DisplayName("every bad parameter is named in one 400")
        void badParameters() throws Exception {
            Answer answer = get("/api/leads?stage=hot&fit_min=high&limit=0&colour=red");
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("details"))
                    .extracting(JsonNode::asText)
                    .anySatisfy(d -> assertThat(d).startsWith("stage: unknown stage 'hot'"))
                    .anySatisfy(d -> assertThat(d).isEqualTo("fit_min: expected a number, got 'high'"))
                    .anySatisfy(d -> assertThat(d).isEqualTo("limit: must be between 1 and 500, got 0"))
                    .anySatisfy(d -> assertThat(d).startsWith("unknown parameter 'colour'"));
        }
    }

    @Nested
    @DisplayName("POST /api/leads/{id}/actions")
    class Actions {

        @Test
        @DisplayName(
                "a legal action is stored and answered with the new state; a retry with its messageId is not applied twice")
        void accept() throws Exception {
            long before = store.count();
            Answer answer =
                    act("u-cara", "{\"action\":\"accept\",\"note\":\"calling Monday\",\"messageId\":\"act-1\"}");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().get("stage").asText()).isEqualTo("sal");
            assertThat(answer.body().get("transitions")).last().satisfies(t -> {
                assertThat(t.get("to").asText()).isEqualTo("sal");
                assertThat(t.get("actor").asText()).startsWith("key:");
            });
            assertThat(store.count()).isEqualTo(before + 1);
            Answer retry = act("u-cara", "{\"action\":\"accept\",\"messageId\":\"act-1\"}");
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.body().get("stage").asText()).isEqualTo("sal");
            assertThat(store.count()).isEqualTo(before + 1);
        }

        @Test
        @DisplayName(
                "an illegal action is 409 with the allowed actions; a missing reason 400; an unknown lead 404; nothing stored")
        void refused() throws Exception {
            long before = store.count();
            Answer illegal = act("u-cara", "{\"action\":\"win\"}");
            assertThat(illegal.status()).isEqualTo(409);
            assertThat(illegal.body().get("error").asText()).contains("cannot win a lead in stage 'mql'");
            assertThat(illegal.body().get("allowed"))
                    .extracting(JsonNode::asText)
                    .containsExactly("accept", "reject", "touch");
            Answer noReason = act("u-cara", "{\"action\":\"reject\"}");
            assertThat(noReason.status()).isEqualTo(400);
            assertThat(noReason.body().get("error").asText()).contains("reason");
            assertThat(act("nobody", "{\"action\":\"accept\"}").status()).isEqualTo(404);
            assertThat(store.count()).isEqualTo(before);
        }

        @Test
        @DisplayName("malformed requests name what is wrong; a read key may not act")
        void malformed() throws Exception {
            assertThat(act("u-cara", "{\"action\":\"promote\"}")
                            .body()
                            .get("error")
                            .asText())
                    .contains("promote");
            assertThat(act("u-cara", "{\"action\":\"accept\",\"colour\":\"red\"}")
                            .body()
                            .get("error")
                            .asText())
                    .isEqualTo("unknown field 'colour' (known: action, reason, channel, note, amount, messageId)");
            assertThat(act("u-cara", "{}").body().get("error").asText()).startsWith("action: required");
            assertThat(act("u-cara", "not json").status()).isEqualTo(400);
            assertThat(act("u-cara", "[]").status()).isEqualTo(400);
            assertThat(send("POST", "/api/leads/u-cara/actions", "{\"action\":\"accept\"}", readKey)
                            .status())
                    .isEqualTo(403);
        }
    }
}
