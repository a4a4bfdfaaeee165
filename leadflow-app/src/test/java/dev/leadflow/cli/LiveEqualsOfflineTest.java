package dev.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.JdbcRecordStore;
import dev.leadflow.app.port.Scope;
import dev.leadflow.demo.DemoHistory;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import dev.leadflow.server.LeadflowServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("Live equals offline")
class LiveEqualsOfflineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REPLAY_FIELDS =
            List.of("lead", "stage", "fit", "engagement", "grade", "cycle", "mql_at", "model", "ledger", "transitions");

    @TempDir
    Path dir;

    private static String cli(String... args) {
        CommandLine cli = LeadflowCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }

    @Test
    @DisplayName(
            "after a demo load, GET /api/leads/{id} shows what replay of the exported history prints, for every lead")
    void demoLoad() throws Exception {
        Model model = ModelFiles.bundledExample();
        DemoHistory.Options options = new DemoHistory.Options(300, 60, 42, Instant.parse("2026-01-05T00:00:00Z"));
        List<Input> demo = DemoHistory.generate(model, options);
        Path data = dir.resolve("data");
        try (Database database = Database.embedded(data)) {
            new JdbcRecordStore(database).append(demo, 0L);
        }
        Instant now = options.end().plusSeconds(3600);
        Map<String, JsonNode> live = new HashMap<>();
        try (LeadflowServer server =
                LeadflowServer.start(Database.embedded(data), model, "127.0.0.1", 0, InstantSource.fixed(now))) {
            String key = server.keys().create(Scope.READ, 0L);
            HttpClient http = HttpClient.newHttpClient();
            for (String id : server.live().leadQueries().leadIds()) {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/leads/"
                                        + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                                .header("Authorization", "Bearer " + key)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                ObjectNode lead = (ObjectNode) JSON.readTree(response.body());
                lead.retain(REPLAY_FIELDS);
                live.put(id, lead);
            }
        }
        Path exported = dir.resolve("export.jsonl");
        cli("export", "--data", data.toString(), "--out", exported.toString());
        String replay = cli(
                "replay",
                "--model",
                "../examples/model.yaml",
                "--events",
                exported.toString(),
                "--at",
                now.toString(),
                "--transitions");
        List<String> lines = replay.lines().toList();
        assertThat(lines).hasSize(live.size()).hasSize(300);
        for (String line : lines) {
            JsonNode offline = JSON.readTree(line);
            assertThat(live.get(offline.get("lead").asText()))
                    .as(offline.get("lead").asText())
                    .isEqualTo(offline);
        }
    }
}
