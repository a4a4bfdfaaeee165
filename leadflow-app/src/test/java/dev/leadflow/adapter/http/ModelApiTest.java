package dev.leadflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.port.Scope;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Page;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The model API")
class ModelApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @TempDir
    Path dir;

    private String example;
    private LeadflowServer server;
    private String readKey;
    private String actKey;
    private String adminKey;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        example = Files.readString(Path.of("..", "examples", "model.yaml"));
        var model = ((ModelParser.Result.Valid) new ModelParser().parse(example)).model();
        server = LeadflowServer.start(Database.embedded(dir), model, "127.0.0.1", 0, InstantSource.fixed(NOW));
        readKey = server.keys().create(Scope.READ, 0L);
        actKey = server.keys().create(Scope.ACT, 0L);
        adminKey = server.keys().create(Scope.ADMIN, 0L);
        server.live()
                .ingestEvents()
                .ingest(
                        List.of(new Page(
                                "p1", NOW.minusSeconds(60), "u1", null, Fields.of(Map.of("category", "pricing")))),
                        NOW.toEpochMilli());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Answer(int status, JsonNode body) {}

    private Answer send(String method, String path, String body, String key) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Authorization", "Bearer " + key)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private double pricingPoints() throws IOException, InterruptedException {
        JsonNode lead = send("GET", "/api/leads/u1", null, readKey).body();
        for (JsonNode e : lead.get("ledger")) {
            if (e.get("rule").asText().equals("pricing-page")) {
                return e.get("points").asDouble();
            }
        }
        throw new AssertionError("no pricing-page entry in " + lead);
    }

    @Test
    @DisplayName("a draft is validated, then published as a new version; every lead is re-scored under it")
    void draftThenPublish() throws Exception {
        assertThat(send("GET", "/api/model", null, readKey).body().get("draft").isNull())
                .isTrue();
        double before = pricingPoints();
        String v2 = example.replace("version: 1", "version: 2")
                .replace("      points: 10\n      limit: { count: 3", "      points: 50\n      limit: { count: 3");
        Answer put = send("PUT", "/api/model", v2, adminKey);
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().get("draft").asText()).isEqualTo("b2b-default@2");
        assertThat(send("GET", "/api/model", null, readKey)
                        .body()
                        .get("draft")
                        .get("yaml")
                        .asText())
                .isEqualTo(v2);
        Answer published = send("POST", "/api/model/publish", null, adminKey);
        assertThat(published.status()).isEqualTo(200);
        assertThat(published.body().get("model").asText()).isEqualTo("b2b-default@2");
        assertThat(published.body().get("leads").asInt()).isEqualTo(1);
        assertThat(pricingPoints()).isCloseTo(before * 5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(send("GET", "/api/leads/u1", null, readKey)
                        .body()
                        .get("model")
                        .asText())
                .isEqualTo("b2b-default@2");
        assertThat(send("GET", "/api/model/versions", null, readKey).body().get("versions"))
                .extracting(v -> v.get("model").asText())
                .containsExactly("b2b-default@2");
        Answer again = send("POST", "/api/model/publish", null, adminKey);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("error").asText())
                .isEqualTo("model b2b-default@2 is already published (version 1)");
        send("PUT", "/api/model", v2.replace("points: 50", "points: 40"), adminKey);
        assertThat(send("POST", "/api/model/publish", null, adminKey)
                        .body()
                        .get("error")
                        .asText())
                .isEqualTo("model b2b-default@2 is already published with other rules; change its version");
    }

    @Test
    @DisplayName("an invalid draft is refused with every error by path, and not saved")
    void invalid() throws Exception {
        Answer answer = send(
                "PUT",
                "/api/model",
                example.replace("{ property: category, eq: pricing }", "{ property: category, equals: pricing }")
                        .replace("half_life: 30d", "half_life: soon"),
                adminKey);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("error").asText()).isEqualTo("the model is invalid (2 errors)");
        assertThat(answer.body().get("details"))
                .extracting(d -> d.get("path").asText())
                .contains("engagement.half_life")
                .anySatisfy(p -> assertThat(p).startsWith("engagement.rules[0].if"));
        assertThat(answer.body().get("details").toString()).contains("did you mean 'eq'?");
        assertThat(send("GET", "/api/model", null, readKey).body().get("draft").isNull())
                .isTrue();
    }

    @Test
    @DisplayName("only admin keys change the model; publishing needs a draft")
    void permissions() throws Exception {
        assertThat(send("PUT", "/api/model", example, readKey).status()).isEqualTo(403);
        assertThat(send("PUT", "/api/model", example, actKey).status()).isEqualTo(403);
        assertThat(send("POST", "/api/model/publish", null, actKey).status()).isEqualTo(403);
        Answer none = send("POST", "/api/model/publish", null, adminKey);
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.body().get("error").asText()).startsWith("there is no draft to publish");
    }
}
