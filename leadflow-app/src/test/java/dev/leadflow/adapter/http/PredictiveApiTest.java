package dev.leadflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.TrainPredictor;
import dev.leadflow.app.port.Scope;
import dev.leadflow.demo.DemoHistory;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
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
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The predictive API: train now, and every lead shows its probability and factors")
class PredictiveApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    record Answer(int status, JsonNode body) {}

    private Answer send(LeadflowServer server, String method, String path, String key)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Authorization", "Bearer " + key)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    /** The example model, its predictive section replaced by {@code predictive} (empty: none). */
    private static Model model(String predictive) throws IOException {
        String example = Files.readString(Path.of("..", "examples", "model.yaml"));
        String yaml = example.substring(0, example.indexOf("predictive:\n")) + predictive;
        return ((ModelParser.Result.Valid) new ModelParser().parse(yaml)).model();
    }

    @Test
    @DisplayName("an admin trains; the artifact is applied to every lead, explained exactly; the schedule waits")
    void trainThenExplain() throws Exception {
        Model model = model("predictive:\n  target: sql\n  min_outcomes: 5\n");
        List<Input> history =
                DemoHistory.generate(model, new DemoHistory.Options(300, 60, 5, Instant.parse("2026-01-05T00:00:00Z")));
        Instant end = Instant.ofEpochMilli(history.getLast().epochMillis());
        try (LeadflowServer server =
                LeadflowServer.start(Database.embedded(dir), model, "127.0.0.1", 0, InstantSource.fixed(end))) {
            server.live().ingestEvents().ingest(history, end.toEpochMilli());
            String read = server.keys().create(Scope.READ, 0L);
            String admin = server.keys().create(Scope.ADMIN, 0L);
            String lead = history.stream()
                    .filter(Identify.class::isInstance)
                    .findFirst()
                    .orElseThrow()
                    .userId();

            JsonNode before = send(server, "GET", "/api/model/predictive", read).body();
            assertThat(before.get("predictive").asBoolean()).isTrue();
            assertThat(before.get("applied").isNull()).isTrue();
            assertThat(send(server, "GET", "/api/leads/" + lead, read).body().has("probability"))
                    .isFalse();
            assertThat(send(server, "POST", "/api/model/predictive/train", read).status())
                    .isEqualTo(403);

            Answer trained = send(server, "POST", "/api/model/predictive/train", admin);

            assertThat(trained.status()).as(trained.body().toString()).isEqualTo(200);
            JsonNode artifact = trained.body().get("artifact");
            assertThat(artifact.get("version").asInt()).isEqualTo(1);
            assertThat(artifact.get("model").asText()).isEqualTo(model.id());
            assertThat(artifact.get("cycles").asInt())
                    .isGreaterThan(artifact.get("positives").asInt());
            JsonNode audited = send(server, "GET", "/api/audit?action=predictor.trained", admin)
                    .body();
            assertThat(audited.get("entries")).as("the training, once").hasSize(1);
            assertThat(audited.at("/entries/0/target").asText()).isEqualTo(model.id());
            assertThat(audited.at("/entries/0/detail/version").asText()).isEqualTo("1");
            assertThat(send(server, "GET", "/api/model/predictive", read)
                            .body()
                            .get("applied")
                            .get("version")
                            .asInt())
                    .isEqualTo(1);
            JsonNode probability =
                    send(server, "GET", "/api/leads/" + lead, read).body().get("probability");
            assertThat(probability.get("value").asDouble()).isBetween(0.0, 1.0);
            double sum = probability.get("base").asDouble();
            for (JsonNode f : probability.get("factors")) {
                sum += f.get("contribution").asDouble();
            }
            assertThat(sum).isCloseTo(probability.get("logit").asDouble(), within(1e-9));
            assertThat(probability.get("factors")).isNotEmpty();

            TrainPredictor schedule = server.live().trainPredictor();
            assertThat(schedule.trainIfDue(end.toEpochMilli()))
                    .as("trained just now")
                    .isEmpty();
            assertThat(schedule.trainIfDue(end.plus(Duration.ofDays(7)).toEpochMilli()))
                    .hasValueSatisfying(r -> assertThat(r).isInstanceOf(TrainPredictor.Result.Trained.class));
            assertThat(send(server, "GET", "/api/model/predictive", read)
                            .body()
                            .get("applied")
                            .get("trained_by")
                            .asText())
                    .isEqualTo(TrainPredictor.SCHEDULE);
        }
    }

    @Test
    @DisplayName("a model without the section, or too few outcomes: a 409 or 422 that says why")
    void refuses() throws Exception {
        try (LeadflowServer server = LeadflowServer.start(
                Database.embedded(dir.resolve("plain")),
                model(""),
                "127.0.0.1",
                0,
                InstantSource.fixed(Instant.EPOCH))) {
            Answer none = send(
                    server, "POST", "/api/model/predictive/train", server.keys().create(Scope.ADMIN, 0L));
            assertThat(none.status()).isEqualTo(409);
            assertThat(none.body().get("error").asText()).contains("has no predictive: section");
            assertThat(server.live().trainPredictor().trainIfDue(0)).isEmpty();
        }
        try (LeadflowServer server = LeadflowServer.start(
                Database.embedded(dir.resolve("empty")),
                model("predictive:\n  target: sql\n"),
                "127.0.0.1",
                0,
                InstantSource.fixed(Instant.EPOCH))) {
            Answer few = send(
                    server, "POST", "/api/model/predictive/train", server.keys().create(Scope.ADMIN, 0L));
            assertThat(few.status()).isEqualTo(422);
            assertThat(few.body().get("error").asText()).contains("predictive.min_outcomes needs 40 of each");
        }
    }
}
