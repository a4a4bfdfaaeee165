package dev.leadflow.cli;

import static dev.leadflow.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("leadflow predict evaluate")
class PredictCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Path events;
    static Path model;

    @BeforeAll
    static void files() throws IOException {
        events = tmp.resolve("demo.jsonl");
        assertThat(run("demo", "--leads", 800, "--days", 90, "--seed", 3, "--out", events)
                        .exit())
                .isZero();
        model = tmp.resolve("model.yaml");
        Files.writeString(
                model,
                Files.readString(Path.of("..", "examples", "model.yaml"))
                        .replace("  target: sql\n", "  target: sql\n  min_outcomes: 5\n"));
    }

    @Test
    @DisplayName("prints the evaluation as one JSON object and writes each test cycle's prediction")
    void evaluates() throws IOException {
        Path csv = tmp.resolve("p.csv");
        CliTest.Run run = run("predict", "evaluate", "--model", model, "--events", events, "--predictions", csv);

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode r = JSON.readTree(run.lines().getLast());
        assertThat(r.get("target").asText()).isEqualTo("sql");
        int train = r.get("train").get("cycles").asInt();
        int test = r.get("test").get("cycles").asInt();
        assertThat(test).isEqualTo(Math.round((train + test) * 0.25f));
        for (String key : List.of("auc", "log_loss", "brier", "calibration_error")) {
            assertThat(r.get(key).asDouble()).as(key).isBetween(0.0, 1.0);
        }
        assertThat(r.get("calibration")).isNotEmpty();
        assertThat(r.get("calibration").get(0).fieldNames())
                .toIterable()
                .containsExactly("predicted", "observed", "count");
        assertThat(r.get("baselines").fieldNames())
                .toIterable()
                .containsExactly("base_rate", "logistic_regression", "naive_bayes", "xgboost");
        assertThat(r.get("top_factors").get("positive")).isNotEmpty();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).isEqualTo("lead,cycle,mql_at,probability,outcome");
        assertThat(lines).hasSize(test + 1);
        assertThat(lines.get(1)).matches("[^,]+,\\d+,\\d{4}-\\d\\d-\\d\\dT[^,]+Z,0\\.\\d{6},[01]");
        assertThat(run.err())
                .contains("predict: replaying")
                .contains("closed cycles")
                .contains("predict: done");
    }

    @Test
    @DisplayName("a smaller training share: only the earliest cycles, the same test")
    void trainCycles() throws IOException {
        JsonNode all = JSON.readTree(run("predict", "evaluate", "--model", model, "--events", events)
                .lines()
                .getLast());
        CliTest.Run run = run("predict", "evaluate", "--model", model, "--events", events, "--train-cycles", 60);

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode r = JSON.readTree(run.lines().getLast());
        assertThat(r.get("train").get("cycles").asInt()).isEqualTo(60);
        assertThat(r.get("test")).isEqualTo(all.get("test"));
    }

    @Test
    @DisplayName("bad options and a model without the section: exit 2 with the reason, no stack trace")
    void refuses() throws IOException {
        CliTest.Run share = run("predict", "evaluate", "--model", model, "--events", events, "--holdout", "1.5");
        assertThat(share.exit()).isEqualTo(2);
        assertThat(share.err())
                .contains("--holdout: a share between 0 and 1 such as 0.25, not '1.5'")
                .doesNotContain("Exception");

        Path plain = tmp.resolve("plain.yaml");
        String example = Files.readString(Path.of("..", "examples", "model.yaml"));
        Files.writeString(plain, example.substring(0, example.indexOf("predictive:")));
        CliTest.Run none = run("predict", "evaluate", "--model", plain, "--events", events);
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("the model has no predictive: section");

        Path strict = tmp.resolve("strict.yaml");
        Files.writeString(strict, Files.readString(model).replace("min_outcomes: 5", "min_outcomes: 100000"));
        CliTest.Run few = run("predict", "evaluate", "--model", strict, "--events", events);
        assertThat(few.exit()).isEqualTo(2);
        assertThat(few.err()).contains("predictive.min_outcomes needs 100,000 of each");
    }

    @Test
    @DisplayName("train on a file: the artifact written with --out, which reads back; --out is required there")
    void trainsToAFile() throws IOException {
        Path out = tmp.resolve("trained.json");
        CliTest.Run run = run("predict", "train", "--model", model, "--events", events, "--out", out);

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode r = JSON.readTree(run.lines().getLast());
        assertThat(r.get("model").asText()).isEqualTo("b2b-default@1");
        assertThat(r.get("cycles").asInt())
                .isGreaterThan(r.get("positives").asInt())
                .isPositive();
        assertThat(r.get("version").isNull()).isTrue();
        var read = dev.leadflow.adapter.json.PredictorJson.read(Files.readString(out));
        assertThat(read).isInstanceOf(dev.leadflow.adapter.json.PredictorJson.Read.Ok.class);
        assertThat(((dev.leadflow.adapter.json.PredictorJson.Read.Ok) read)
                        .predictor()
                        .trained()
                        .cycles())
                .isEqualTo(r.get("cycles").asInt());

        CliTest.Run nowhere = run("predict", "train", "--model", model, "--events", events);
        assertThat(nowhere.exit()).isEqualTo(2);
        assertThat(nowhere.err()).contains("--out: where to write the artifact");
    }

    @Test
    @DisplayName("backtest --trained: a draft qualifying on the probability applies the artifact; without it, none")
    void backtestsWithTheArtifact() throws IOException {
        Path out = tmp.resolve("for-backtest.json");
        assertThat(run("predict", "train", "--model", model, "--events", events, "--out", out)
                        .exit())
                .isZero();
        Path draft = tmp.resolve("draft.yaml");
        String criteria = "    all: [ { score: fit, gte: 30 }, { score: engagement, gte: 40 } ]";
        String yaml = Files.readString(model);
        assertThat(yaml).contains(criteria);
        Files.writeString(
                draft,
                yaml.replace(
                        criteria, "    any:\n      - { score: probability, gte: 0.2 }\n      - " + criteria.strip()));

        CliTest.Run with = run("backtest", "--model", draft, "--baseline", model, "--events", events, "--trained", out);
        CliTest.Run without = run("backtest", "--model", draft, "--baseline", model, "--events", events);

        assertThat(with.exit()).as(with.err()).isZero();
        assertThat(without.exit()).as(without.err()).isZero();
        assertThat(JSON.readTree(with.lines().getLast())
                        .get("changes")
                        .get("new_mqls")
                        .asInt())
                .as("the probability qualifies more")
                .isPositive();
        assertThat(JSON.readTree(without.lines().getLast())
                        .get("changes")
                        .get("new_mqls")
                        .asInt())
                .as("no artifact: no probability, the criteria the baseline has")
                .isZero();
    }

    @Test
    @DisplayName("train on a database: kept there as a new version, which a server started on it applies, "
            + "as replay does given the same artifact")
    void trainsIntoTheDatabase() throws IOException {
        Path data = tmp.resolve("data");
        java.io.PrintWriter quiet = new java.io.PrintWriter(java.io.Writer.nullWriter());
        dev.leadflow.model.Model m = ModelFiles.load(model, quiet);
        List<dev.leadflow.input.Input> history =
                Histories.fromFile(events, quiet).records();
        java.time.Instant end = java.time.Instant.ofEpochMilli(history.getLast().epochMillis());
        String who = history.stream()
                .filter(dev.leadflow.input.Identify.class::isInstance)
                .findFirst()
                .orElseThrow()
                .userId();
        try (var server = server(data, m, end)) {
            server.live().ingestEvents().ingest(history, end.toEpochMilli());
            assertThat(server.live().leadQueries().lead(who, end.toEpochMilli()))
                    .hasValueSatisfying(l -> assertThat(l.probability()).isEmpty());
        }

        Path out = tmp.resolve("from-db.json");
        CliTest.Run first = run("predict", "train", "--model", model, "--data", data);
        CliTest.Run second = run("predict", "train", "--model", model, "--data", data, "--out", out);

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(JSON.readTree(first.lines().getLast()).get("version").asInt())
                .isEqualTo(1);
        assertThat(JSON.readTree(second.lines().getLast()).get("version").asInt())
                .isEqualTo(2);
        double live;
        try (var server = server(data, m, end)) {
            live = server.live()
                    .leadQueries()
                    .lead(who, end.toEpochMilli())
                    .orElseThrow()
                    .probability()
                    .orElseThrow()
                    .probability();
        }
        assertThat(live).isBetween(0.0, 1.0);
        CliTest.Run replay = run("replay", "--model", model, "--events", events, "--trained", out);
        assertThat(replay.exit()).as(replay.err()).isZero();
        JsonNode line = null;
        for (String l : replay.lines()) {
            JsonNode n = JSON.readTree(l);
            if (n.get("lead").asText().equals(who)) {
                line = n;
            }
        }
        assertThat(line).isNotNull();
        assertThat(line.get("probability").get("value").asDouble())
                .as("one engine: replay with the artifact the server applies")
                .isEqualTo(live);
        CliTest.Run damaged = run("replay", "--model", model, "--events", events, "--trained", events);
        assertThat(damaged.exit()).isEqualTo(2);
        assertThat(damaged.err()).contains("the artifact is not valid JSON");
    }

    private static dev.leadflow.server.LeadflowServer server(
            Path data, dev.leadflow.model.Model m, java.time.Instant at) {
        return dev.leadflow.server.LeadflowServer.start(
                dev.leadflow.adapter.jdbc.Database.embedded(data),
                m,
                "127.0.0.1",
                0,
                java.time.InstantSource.fixed(at));
    }
}
