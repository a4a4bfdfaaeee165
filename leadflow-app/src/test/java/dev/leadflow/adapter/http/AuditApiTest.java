package dev.leadflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.KeyStore;
import dev.leadflow.app.port.Scope;
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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The audit log API")
class AuditApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @TempDir
    Path dir;

    private String example;
    private LeadflowServer server;
    private String adminKey;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        example = Files.readString(Path.of("..", "examples", "model.yaml"));
        var model = ((ModelParser.Result.Valid) new ModelParser().parse(example)).model();
        server = LeadflowServer.start(Database.embedded(dir), model, "127.0.0.1", 0, InstantSource.fixed(NOW));
        adminKey = server.keys().create(Scope.ADMIN, 0L);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Answer(int status, JsonNode body) {}

    private Answer send(String method, String path, @Nullable String body, @Nullable String key)
            throws IOException, InterruptedException {
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

    private List<String> actions(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("entries").forEach(e -> out.add(e.get("action").asText()));
        return out;
    }

    @Test
    @DisplayName("only admin keys read it; a publish and a hand-off change appear once each, with who and from where")
    void rolesAndEntries() throws Exception {
        assertThat(send("GET", "/api/audit", null, null).status()).isEqualTo(401);
        assertThat(send("GET", "/api/audit", null, server.keys().create(Scope.READ, 0L))
                        .status())
                .isEqualTo(403);
        assertThat(send("GET", "/api/audit", null, server.keys().create(Scope.ACT, 0L))
                        .status())
                .isEqualTo(403);
        assertThat(send("GET", "/api/audit", null, server.keys().create(Scope.WRITE, 0L))
                        .status())
                .isEqualTo(403);
        assertThat(send("GET", "/api/audit", null, adminKey).body().get("entries"))
                .isEmpty();

        String v2 = example.replace("version: 1", "version: 2");
        assertThat(send("PUT", "/api/model", v2, adminKey).status()).isEqualTo(200);
        assertThat(send("POST", "/api/model/publish", null, adminKey).status()).isEqualTo(200);
        assertThat(send("POST", "/api/model/publish", null, adminKey).status())
                .as("already published: refused, not audited")
                .isEqualTo(409);
        String handoff = Files.readString(Path.of("..", "examples", "handoff.yaml"));
        assertThat(send("PUT", "/api/handoff", handoff, adminKey).status()).isEqualTo(200);

        JsonNode page = send("GET", "/api/audit", null, adminKey).body();
        assertThat(actions(page)).containsExactly("handoff.changed", "model.published");
        JsonNode published = page.at("/entries/1");
        assertThat(published.get("actor").asText()).isEqualTo("key:" + KeyStore.idOf(adminKey));
        assertThat(published.get("from").asText()).isEqualTo("127.0.0.1");
        assertThat(published.get("target").asText()).isEqualTo("b2b-default@2");
        assertThat(published.at("/detail/version").asText()).isEqualTo("1");
        assertThat(Instant.parse(published.get("at").asText())).isEqualTo(NOW);
        assertThat(page.get("next").isNull()).isTrue();
    }

    @Test
    @DisplayName("pages newest first with before; filters by action; a bad query names what is wrong")
    void pagingAndBadQueries() throws Exception {
        String v2 = example.replace("version: 1", "version: 2");
        send("PUT", "/api/model", v2, adminKey);
        send("POST", "/api/model/publish", null, adminKey);
        send("PUT", "/api/handoff", Files.readString(Path.of("..", "examples", "handoff.yaml")), adminKey);

        JsonNode first = send("GET", "/api/audit?limit=1", null, adminKey).body();
        assertThat(actions(first)).containsExactly("handoff.changed");
        long next = first.get("next").asLong();
        JsonNode second =
                send("GET", "/api/audit?limit=1&before=" + next, null, adminKey).body();
        assertThat(actions(second)).containsExactly("model.published");
        assertThat(second.get("next").isNull()).isTrue();
        assertThat(actions(send("GET", "/api/audit?action=model.published", null, adminKey)
                        .body()))
                .containsExactly("model.published");

        Answer bad = send("GET", "/api/audit?limit=0&before=x&action=lead.deleted&who=me", null, adminKey);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("details").toString())
                .contains("unknown parameter 'who'")
                .contains("limit: must be between 1 and 500")
                .contains("before: expected an entry's seq")
                .contains("action: unknown 'lead.deleted'");
    }
}
