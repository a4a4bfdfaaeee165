package dev.leadflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.json.BacktestJson;
import dev.leadflow.app.BacktestDraft;
import dev.leadflow.app.port.Scope;
import dev.leadflow.demo.DemoHistory;
import dev.leadflow.handoff.HandoffParser;
import dev.leadflow.input.Input;
import dev.leadflow.lab.Backtest;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelParser;
import dev.leadflow.server.LeadflowServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("POST /api/model/backtest: a draft tried on the stored history, nothing stored")
class BacktestApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    @TempDir
    static Path dir;

    static String example;
    static String draft;
    static Model model;
    static Instant now;
    static LeadflowServer server;
    static String writeKey;
    static String readKey;
    static String actKey;
    static String adminKey;
    static int members;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        example = Files.readString(Path.of("..", "examples", "model.yaml"));
        draft = example.replace("{ score: engagement, gte: 40 }", "{ score: engagement, gte: 30 }");
        model = ((ModelParser.Result.Valid) new ModelParser().parse(example)).model();
        List<Input> history = DemoHistory.generate(model, new DemoHistory.Options(500, 60, 3, START));
        now = Instant.ofEpochMilli(history.getLast().epochMillis());
        server = LeadflowServer.start(Database.embedded(dir), model, "127.0.0.1", 0, InstantSource.fixed(now));
        writeKey = server.keys().create(Scope.WRITE, 0L);
        readKey = server.keys().create(Scope.READ, 0L);
        actKey = server.keys().create(Scope.ACT, 0L);
        adminKey = server.keys().create(Scope.ADMIN, 0L);
        String handoff = Files.readString(Path.of("..", "examples", "handoff.yaml"));
        var config = ((HandoffParser.Result.Valid) new HandoffParser().parse(handoff)).config();
        server.live().configureHandoff().configure(handoff, config, START.toEpochMilli(), "test");
        members = config.teams().stream().mapToInt(t -> t.members().size()).sum();
        server.live().ingestEvents().ingest(history, now.toEpochMilli());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Answer(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    static Answer send(String method, String path, String body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    @Test
    @DisplayName("answers every figure, the same as a backtest of the exported history offline")
    void sameAsOffline() throws Exception {
        Answer a = send("POST", "/api/model/backtest?from=2026-01-12&to=2026-02-22&horizon=30d&reps=4", draft, readKey);

        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode b = a.json();
        assertThat(b.fieldNames())
                .toIterable()
                .contains(
                        "model",
                        "baseline",
                        "period",
                        "horizon",
                        "mqls",
                        "per_week",
                        "precision",
                        "recall",
                        "deciles",
                        "capacity",
                        "changes",
                        "sweep",
                        "current");
        assertThat(b.get("baseline").asText()).isEqualTo(model.id());
        assertThat(b.get("mqls").asInt())
                .isGreaterThan(b.get("current").get("mqls").asInt());
        assertThat(b.get("changes").get("new_mqls").asInt()).isPositive();
        assertThat(b.get("capacity").get("reps").asInt()).isEqualTo(4);
        assertThat(b.get("per_week")).hasSize(6);

        List<Input> exported = new ArrayList<>();
        server.store().forEachInProcessingOrder(r -> exported.add(r.input()));
        var options = ((BacktestDraft.Parsed.Valid)
                        BacktestDraft.Options.parse("2026-01-12", "2026-02-22", null, "30d", "4"))
                .options();
        var offline = (BacktestDraft.Result.Done) BacktestDraft.run(
                ((ModelParser.Result.Valid) new ModelParser().parse(draft)).model(),
                draft,
                model,
                model,
                exported,
                null,
                options,
                0,
                Backtest.Progress.NONE);
        assertThat(b).isEqualTo(JSON.readTree(BacktestJson.write(offline.result())));
    }

    @Test
    @DisplayName("stores, publishes and sends nothing")
    void noSideEffects() throws Exception {
        long records = server.store().count();
        int deliveries = server.outbox().due(Long.MAX_VALUE, 1_000_000).size();
        String model = send("GET", "/api/model", null, readKey).body();
        String versions = send("GET", "/api/model/versions", null, readKey).body();

        Answer a = send("POST", "/api/model/backtest", draft, adminKey);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("capacity").get("reps").asInt())
                .as("the hand-off's members")
                .isEqualTo(members)
                .isPositive();

        assertThat(server.store().count()).isEqualTo(records);
        assertThat(send("GET", "/api/model", null, readKey).body()).isEqualTo(model);
        assertThat(send("GET", "/api/model/versions", null, readKey).body()).isEqualTo(versions);
        assertThat(deliveries).as("the hand-off's webhooks had notices to send").isPositive();
        assertThat(server.outbox().due(Long.MAX_VALUE, 1_000_000)).hasSize(deliveries);
    }

    @Test
    @DisplayName("an invalid draft is a 400 with every error by path")
    void invalidDraft() throws Exception {
        String bad = example.replace("half_life: 30d", "half_life: 30 days").replace("points: 20", "points: lots");

        Answer a = send("POST", "/api/model/backtest", bad, readKey);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("details")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(a.json().get("details").findValuesAsText("path")).contains("engagement.half_life");
    }

    @Test
    @DisplayName("a bad or unknown parameter is a 400 naming it")
    void badParameters() throws Exception {
        Answer a = send("POST", "/api/model/backtest?from=2026-13-01&horizon=soon&reps=0&colour=red", draft, readKey);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("details").findValuesAsText("path")).containsExactly("colour");
        Answer b =
                send("POST", "/api/model/backtest?from=2026-13-01&horizon=soon&reps=0&to=2026-01-01", draft, readKey);
        assertThat(b.json().get("details").findValuesAsText("path"))
                .containsExactlyInAnyOrder("from", "horizon", "reps");
        Answer c = send("POST", "/api/model/backtest?from=2026-02-01&to=2026-01-01", draft, readKey);
        assertThat(c.json().get("details").findValuesAsText("path")).containsExactly("to");
    }

    @Test
    @DisplayName("read and admin keys may backtest; a write key may not, nor a request without a key")
    void keys() throws Exception {
        assertThat(send("POST", "/api/model/backtest", draft, null).status()).isEqualTo(401);
        assertThat(send("POST", "/api/model/backtest", draft, writeKey).status())
                .isEqualTo(403);
        assertThat(send("POST", "/api/model/backtest?format=csv", draft, readKey)
                        .body())
                .startsWith("summary,draft,baseline");
        assertThat(send("GET", "/api/model/backtest", null, readKey)
                        .json()
                        .get("running")
                        .asBoolean())
                .isFalse();
    }
}
