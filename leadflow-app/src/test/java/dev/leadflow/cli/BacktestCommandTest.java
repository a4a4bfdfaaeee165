package dev.leadflow.cli;

import static dev.leadflow.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.demo.DemoHistory;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelParser;
import dev.leadflow.server.LeadflowServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("leadflow backtest")
class BacktestCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = Path.of("..", "examples", "model.yaml");

    @TempDir
    static Path tmp;

    static Path events;
    static Path draft;

    @BeforeAll
    static void files() throws IOException {
        events = tmp.resolve("demo.jsonl");
        assertThat(run("demo", "--leads", 300, "--days", 60, "--seed", 5, "--out", events)
                        .exit())
                .isZero();
        draft = tmp.resolve("draft.yaml");
        Files.writeString(
                draft,
                Files.readString(EXAMPLE).replace("{ score: engagement, gte: 40 }", "{ score: engagement, gte: 30 }"));
    }

    static JsonNode lastLine(CliTest.Run run) throws IOException {
        List<String> lines = run.lines();
        return JSON.readTree(lines.getLast());
    }

    @Test
    @DisplayName("prints the result as one JSON object on its last line, progress on stderr")
    void json() throws IOException {
        CliTest.Run run = run(
                "backtest",
                "--model",
                draft,
                "--baseline",
                EXAMPLE,
                "--events",
                events,
                "--horizon",
                "30d",
                "--reps",
                3);

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode b = lastLine(run);
        assertThat(b.get("model").asText()).isEqualTo("b2b-default@1");
        assertThat(b.get("horizon").asText()).isEqualTo("30d");
        assertThat(b.get("mqls").asInt())
                .isGreaterThanOrEqualTo(b.get("current").get("mqls").asInt());
        assertThat(b.get("capacity").get("reps").asInt()).isEqualTo(3);
        assertThat(b.get("sweep")).hasSize(2);
        assertThat(run.err())
                .contains("backtest: replaying the history under the draft")
                .contains("backtest: done");
    }

    @Test
    @DisplayName("without --baseline a file has none: every draft MQL is new")
    void noBaseline() throws IOException {
        CliTest.Run run = run("backtest", "--model", draft, "--events", events);

        JsonNode b = lastLine(run);
        assertThat(b.get("baseline").isNull()).isTrue();
        assertThat(b.get("current").isNull()).isTrue();
        assertThat(b.get("changes").get("new_mqls").asInt()).isPositive();
    }

    @Test
    @DisplayName("--format csv prints the tables")
    void csv() {
        CliTest.Run run =
                run("backtest", "--model", draft, "--baseline", EXAMPLE, "--events", events, "--format", "csv");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .startsWith("summary,draft,baseline\n")
                .contains("\nper_week,mqls,reached_sql,won,baseline_mqls\n")
                .contains("\ndecile,leads,reached_sql,won,rate,lift\n")
                .contains("\nsweep,value,mqls,precision_sql,precision_won,recall_sql,recall_won\n");
    }

    @Test
    @DisplayName("an invalid draft exits 2 with every error by path")
    void invalidDraft() throws IOException {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(
                bad,
                Files.readString(EXAMPLE)
                        .replace("half_life: 30d", "half_life: soon")
                        .replace("points: 20", "points: lots"));

        CliTest.Run run = run("backtest", "--model", bad, "--events", events);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(bad + ": engagement.half_life").contains("points");
        assertThat(run.out()).isEmpty();
    }

    @Test
    @DisplayName("bad options exit 2 naming each")
    void badOptions() {
        CliTest.Run run = run(
                "backtest",
                "--model",
                draft,
                "--events",
                events,
                "--from",
                "2026-02-30",
                "--horizon",
                "x",
                "--tz",
                "Mars/Base");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains("--from: not a date")
                .contains("--horizon: not a duration")
                .contains("--tz: unknown time zone");
    }

    @Test
    @DisplayName("on a database: its history, against the model in force (the bundled example when none is published)")
    void database() throws IOException {
        Path data = tmp.resolve("data");
        Model model = ((ModelParser.Result.Valid) new ModelParser().parse(Files.readString(EXAMPLE))).model();
        List<Input> history =
                DemoHistory.generate(model, new DemoHistory.Options(200, 40, 8, Instant.parse("2026-02-02T00:00:00Z")));
        Instant end = Instant.ofEpochMilli(history.getLast().epochMillis());
        try (LeadflowServer server =
                LeadflowServer.start(Database.embedded(data), model, "127.0.0.1", 0, InstantSource.fixed(end))) {
            server.live().ingestEvents().ingest(history, end.toEpochMilli());
        }

        CliTest.Run run = run("backtest", "--model", draft, "--data", data);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(lastLine(run).get("baseline").asText()).isEqualTo("b2b-default@1");
        assertThat(run.err()).contains("no model is published");
        assertThat(lastLine(run).get("counts").get("events").asInt()).isEqualTo((int) history.stream()
                .filter(r -> !(r instanceof dev.leadflow.input.LifecycleCommand))
                .count());
    }
}
