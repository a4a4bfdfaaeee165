package dev.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("The leadflow command line")
class CliTest {

    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Path MODEL = EXAMPLES.resolve("model.yaml");
    private static final Path EVENTS = EXAMPLES.resolve("events.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** What one run printed, and its exit code. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run run(Object... args) {
        CommandLine cli = LeadflowCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit =
                cli.execute(java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Nested
    @DisplayName("replay")
    class ReplayCommandTest {

        @Test
        @DisplayName("prints one JSON object per lead, sorted by id, with the documented fields in order")
        void format() throws IOException {
            Run run = run("replay", "--model", MODEL, "--events", EVENTS);
            assertThat(run.exit()).isZero();
            assertThat(run.err()).isEmpty();
            List<String> ids = new ArrayList<>();
            for (String line : run.lines()) {
                JsonNode lead = JSON.readTree(line);
                List<String> fields = new ArrayList<>();
                lead.fieldNames().forEachRemaining(fields::add);
                assertThat(fields)
                        .containsExactly(
                                "lead", "stage", "fit", "engagement", "grade", "cycle", "mql_at", "model", "ledger");
                Iterator<JsonNode> entries = lead.get("ledger").elements();
                while (entries.hasNext()) {
                    List<String> entryFields = new ArrayList<>();
                    entries.next().fieldNames().forEachRemaining(entryFields::add);
                    assertThat(entryFields).containsExactly("rule", "score", "points", "event", "at");
                }
                ids.add(lead.get("lead").asText());
            }
            assertThat(ids).isSorted().contains("u-ana", "u-cara", "anon:a-300");
            JsonNode ana = JSON.readTree(run.lines().get(ids.indexOf("u-ana")));
            assertThat(ana.get("stage").asText()).isEqualTo("customer");
            assertThat(ana.get("cycle").asInt()).isEqualTo(1);
            assertThat(ana.get("model").asText()).isEqualTo("b2b-default@1");
            JsonNode visitor = JSON.readTree(run.lines().get(ids.indexOf("anon:a-300")));
            assertThat(visitor.get("cycle").asInt()).isZero();
            assertThat(visitor.get("mql_at").isNull()).isTrue();
        }

        @Test
        @DisplayName("gives byte-identical output for the same records in any order")
        void orderIndependent() throws IOException {
            List<String> lines = new ArrayList<>(Files.readAllLines(EVENTS));
            Collections.shuffle(lines, new Random(7));
            Path shuffled = Files.write(tmp.resolve("shuffled.jsonl"), lines);
            assertThat(run("replay", "--model", MODEL, "--events", shuffled).out())
                    .isEqualTo(
                            run("replay", "--model", MODEL, "--events", EVENTS).out());
        }

        @Test
        @DisplayName("--summary prints lead counts for every stage")
        void summary() throws IOException {
            Run run = run("replay", "--model", MODEL, "--events", EVENTS, "--summary");
            JsonNode s = JSON.readTree(run.out());
            List<String> stages = new ArrayList<>();
            s.get("stages").fieldNames().forEachRemaining(stages::add);
            assertThat(stages)
                    .containsExactly(
                            "visitor",
                            "subscriber",
                            "lead",
                            "mql",
                            "sal",
                            "sql",
                            "opportunity",
                            "customer",
                            "recycled",
                            "disqualified");
            int total = 0;
            for (JsonNode n : s.get("stages")) {
                total += n.asInt();
            }
            assertThat(total).isEqualTo(s.get("leads").asInt()).isEqualTo(6);
        }

        @Test
        @DisplayName("--at ignores later records and fires timers up to that instant")
        void at() throws IOException {
            Run before = run(
                    "replay", "--model", MODEL, "--events", EVENTS, "--at", "2026-03-04T00:00:00Z", "--transitions");
            List<String> ids = before.lines().stream()
                    .map(l -> {
                        try {
                            return JSON.readTree(l).get("lead").asText();
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    })
                    .toList();
            assertThat(ids).containsExactly("u-ana");
            JsonNode ana = JSON.readTree(before.lines().get(0));
            assertThat(ana.get("stage").asText()).isEqualTo("mql");
            assertThat(ana.get("transitions")).hasSize(3);
        }

        @Test
        @DisplayName("reports each bad or illegal record on stderr with its line number, and keeps the good ones")
        void badRecords() throws IOException {
            Path file = Files.write(
                    tmp.resolve("mixed.jsonl"),
                    List.of(
                            "{\"type\":\"identify\",\"messageId\":\"1\",\"timestamp\":\"2026-03-01T10:00:00Z\",\"userId\":\"u1\"}",
                            "{not json",
                            "",
                            "{\"type\":\"lifecycle\",\"messageId\":\"2\",\"timestamp\":\"2026-03-01T11:00:00Z\",\"userId\":\"u1\","
                                    + "\"action\":\"accept\"}",
                            "{\"type\":\"page\",\"messageId\":\"3\",\"timestamp\":\"2026-03-01T12:00:00Z\",\"userId\":\"u2\"}"));
            Run run = run("replay", "--model", MODEL, "--events", file, "--summary");
            assertThat(run.exit()).isZero();
            assertThat(run.err().lines().toList())
                    .containsExactly(
                            file + ":2: invalid JSON at column 2: Unexpected character ('n' (code 110)): was expecting "
                                    + "double-quote to start field name",
                            file + ":4: lead 'u1': cannot accept a lead in stage 'subscriber' (allowed: none)");
            assertThat(JSON.readTree(run.out()).get("leads").asInt()).isEqualTo(2);

            Run strict = run("replay", "--model", MODEL, "--events", file, "--strict");
            assertThat(strict.exit()).isEqualTo(1);
            assertThat(strict.out()).isEmpty();
            assertThat(strict.err())
                    .contains(":2: invalid JSON")
                    .contains("stopped at line 2 (--strict)")
                    .doesNotContain("Exception");
        }

        @Test
        @DisplayName("refuses an invalid model with exit 2 and every error, and a missing file with one line")
        void invalidModel() throws IOException {
            Path model = Files.writeString(tmp.resolve("bad.yaml"), """
                    name: bad
                    fit:
                      - { name: a, if: { attribute: x, equals: 1 }, points: 1 }
                      - { name: b, if: { attribute: x, gte: 1 }, points: many }
                    """);
            Run run = run("replay", "--model", model, "--events", EVENTS);
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err())
                    .contains(model + ": fit[0].if.op: unknown operator 'equals' (did you mean 'eq'?)")
                    .contains(model + ": fit[1].points: must be a finite number")
                    .contains("is invalid (2 errors)");
            Run missing = run("replay", "--model", tmp.resolve("nope.yaml"), "--events", EVENTS);
            assertThat(missing.exit()).isEqualTo(2);
            assertThat(missing.err()).startsWith("leadflow: cannot read model").doesNotContain("\tat ");
        }
    }

    @Test
    @DisplayName("validate confirms a good model in one line")
    void validate() {
        Run run = run("validate", "--model", MODEL);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("valid model b2b-default@1 (9 fit rules, 11 engagement rules");
    }

    @Test
    @DisplayName("demo writes a deterministic history that replays without a single refused record")
    void demo() throws IOException {
        Path a = tmp.resolve("a.jsonl");
        Path b = tmp.resolve("b.jsonl");
        Run first = run("demo", "--leads", 300, "--days", 60, "--seed", 9, "--out", a);
        assertThat(first.exit()).isZero();
        assertThat(first.err()).contains("demo: wrote");
        assertThat(run("demo", "--leads", 300, "--days", 60, "--seed", 9, "--out", b)
                        .exit())
                .isZero();
        assertThat(Files.readAllLines(b)).isEqualTo(Files.readAllLines(a)).hasSizeGreaterThan(1000);
        Run replay = run("replay", "--model", MODEL, "--events", a, "--summary", "--strict");
        assertThat(replay.exit()).isZero();
        assertThat(replay.err()).isEmpty();
        JsonNode stages = JSON.readTree(replay.out()).get("stages");
        assertThat(stages.get("customer").asInt() + stages.get("opportunity").asInt())
                .isPositive();
        assertThat(run("demo", "--start", "yesterday", "--out", a).err()).contains("--start: not an ISO-8601 instant");
    }

    @Test
    @DisplayName("regression: a line that is not valid UTF-8 is reported with its number; the other lines are kept")
    void invalidUtf8() throws IOException {
        byte[] good = ("{\"type\":\"identify\",\"messageId\":\"1\",\"timestamp\":\"2026-03-01T10:00:00Z\","
                        + "\"userId\":\"u1\"}\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad =
                "{\"type\":\"identify\",\"messageId\":\"2\",\"timestamp\":\"2026-03-01T10:00:00Z\",\"userId\":\"caf"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path file = tmp.resolve("latin1.jsonl");
        try (var out = Files.newOutputStream(file)) {
            out.write(good);
            out.write(bad);
            out.write(new byte[] {(byte) 0xE9, '"', '}', '\n'});
        }
        Run run = run("replay", "--model", MODEL, "--events", file, "--summary");
        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEqualTo(file + ":2: not valid UTF-8\n");
        assertThat(JSON.readTree(run.out()).get("leads").asInt()).isEqualTo(1);
    }

    @Nested
    @DisplayName("keys create")
    class KeysCreate {

        @Test
        @DisplayName("prints the new key alone on one line; the stored key authenticates with its scope")
        void create() {
            Run run = run("keys", "create", "--scope", "act", "--data", tmp);
            assertThat(run.exit()).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(run.lines()).singleElement().asString().matches("lf_act_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
            try (var database = dev.leadflow.adapter.jdbc.Database.embedded(tmp)) {
                assertThat(new dev.leadflow.adapter.jdbc.KeyStore(database)
                                .authenticate(run.lines().get(0)))
                        .get()
                        .extracting(dev.leadflow.app.port.Keys.Key::scope)
                        .isEqualTo(dev.leadflow.app.port.Scope.ACT);
            }
        }

        @Test
        @DisplayName("an unknown scope or database is a one-line error naming the choices, exit 2")
        void errors() {
            Run scope = run("keys", "create", "--scope", "owner", "--data", tmp);
            assertThat(scope.exit()).isEqualTo(2);
            assertThat(scope.err())
                    .isEqualTo("leadflow: unknown scope 'owner' (use one of: write, read, act, admin)\n");
            Run db = run("keys", "create", "--scope", "read", "--db", "jdbc:mysql://x/y?password=secret");
            assertThat(db.exit()).isEqualTo(2);
            assertThat(db.err())
                    .startsWith("leadflow: unsupported database URL 'jdbc:mysql://x/y?password=***'")
                    .doesNotContain("secret");
        }
    }

    @Nested
    @DisplayName("import and export")
    class ImportExport {

        @Test
        @DisplayName("import stores each messageId once; export writes a file that replays exactly like the original")
        void roundTrip() throws IOException {
            Path data = tmp.resolve("data");
            Run first = run("import", "--events", EVENTS, "--data", data);
            assertThat(first.exit()).isZero();
            assertThat(first.out())
                    .isEqualTo(
                            "imported " + EVENTS + ": 36 records stored, 1 duplicates ignored, 0 bad lines skipped\n");
            Run again = run("import", "--events", EVENTS, "--data", data);
            assertThat(again.out()).contains(": 0 records stored, 37 duplicates ignored");
            Path exported = tmp.resolve("export.jsonl");
            Run export = run("export", "--data", data, "--out", exported);
            assertThat(export.exit()).isZero();
            assertThat(export.err()).isEqualTo("exported 36 records to " + exported + "\n");
            String at = "2026-04-03T00:00:00Z";
            assertThat(run("replay", "--model", MODEL, "--events", exported, "--at", at, "--transitions")
                            .out())
                    .isEqualTo(run("replay", "--model", MODEL, "--events", EVENTS, "--at", at, "--transitions")
                            .out());
        }

        @Test
        @DisplayName("bad lines are named with their line number and skipped; the good ones are stored")
        void badLines() throws IOException {
            Path file = tmp.resolve("mixed.jsonl");
            Files.writeString(file, """
                    {"type":"page","messageId":"p1","timestamp":"2026-03-02T09:00:00Z","anonymousId":"a1"}
                    {"type":"page","messageId":"p2"}
                    {"type":"track","messageId":"t1","timestamp":"2026-03-02T09:01:00Z","userId":"u1","event":"x"}
                    """);
            Run run = run("import", "--events", file, "--data", tmp.resolve("data"));
            assertThat(run.exit()).isZero();
            assertThat(run.err()).startsWith(file + ":2: ");
            assertThat(run.out()).contains(": 2 records stored, 0 duplicates ignored, 1 bad lines skipped");
        }

        @Test
        @DisplayName("import refuses to write beside a running server")
        void locked() throws IOException {
            Path data = tmp.resolve("data");
            try (var database = dev.leadflow.adapter.jdbc.Database.embedded(data)) {
                var lock = database.lockForWriting();
                try {
                    Run run = run("import", "--events", EVENTS, "--data", data);
                    assertThat(run.exit()).isEqualTo(2);
                    assertThat(run.err()).startsWith("leadflow: another Leadflow process is writing to jdbc:sqlite:");
                } finally {
                    lock.close();
                }
                assertThat(run("import", "--events", EVENTS, "--data", data).exit())
                        .as("free again")
                        .isZero();
            }
        }

        @Test
        @DisplayName("serve on a port already taken: a one-line error, exit 2, and the database free again")
        void portInUse() throws IOException {
            Path data = tmp.resolve("data");
            try (java.net.ServerSocket taken =
                    new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                Run run = run("serve", "--data", data, "--host", "127.0.0.1", "--port", taken.getLocalPort());
                assertThat(run.exit()).isEqualTo(2);
                assertThat(run.err())
                        .startsWith("leadflow: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                        .doesNotContain("\tat ")
                        .hasLineCount(1);
            }
            assertThat(run("import", "--events", EVENTS, "--data", data).exit())
                    .as("the writer lock was released")
                    .isZero();
        }
    }
}
