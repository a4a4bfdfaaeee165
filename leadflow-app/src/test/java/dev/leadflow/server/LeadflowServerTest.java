package dev.leadflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.port.Scope;
import dev.leadflow.engine.LeadSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The server, wired")
class LeadflowServerTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("what one run acknowledged is served again after a restart, with the same lead state")
    void restart() throws Exception {
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-03-10T12:00:00Z"));
        long now = clock.millis();
        String batch = """
                {"batch":[
                  {"type":"identify","messageId":"r1","userId":"u1","timestamp":"2026-03-10T10:00:00Z","traits":{"job":{"seniority":"vp"},"email":"a@corp.io"}},
                  {"type":"track","messageId":"r2","userId":"u1","event":"Demo Requested","timestamp":"2026-03-10T10:01:00Z"},
                  {"type":"page","messageId":"r3","anonymousId":"v9","timestamp":"2026-03-10T10:02:00Z","properties":{"category":"pricing"}}]}""";
        LeadSnapshot before;
        try (LeadflowServer server =
                LeadflowServer.start(Database.embedded(dir), Fixtures.exampleModel(), "127.0.0.1", 0, clock)) {
            String key = server.keys().create(Scope.WRITE, now);
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/batch"))
                                    .header(
                                            "Authorization",
                                            "Basic "
                                                    + Base64.getEncoder()
                                                            .encodeToString(
                                                                    (key + ":").getBytes(StandardCharsets.UTF_8)))
                                    .POST(HttpRequest.BodyPublishers.ofString(batch))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server.live().leadQueries().leadIds()).containsExactly("anon:v9", "u1");
            before = server.live().leadQueries().lead("u1", now).orElseThrow();
        }
        try (LeadflowServer server =
                LeadflowServer.start(Database.embedded(dir), Fixtures.exampleModel(), "127.0.0.1", 0, clock)) {
            assertThat(server.live().leadQueries().leadIds()).containsExactly("anon:v9", "u1");
            assertThat(server.live().leadQueries().lead("u1", now)).contains(before);
            assertThat(server.keys().count()).isEqualTo(1);
        }
    }
}
