package dev.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("leadflow import --csv FILE --mapping MAP.yaml")
class CsvImportCommandTest {

    @TempDir
    Path tmp;

    private Path mapping;
    private Path data;

    @BeforeEach
    void files() throws IOException {
        mapping = Files.writeString(tmp.resolve("deals.mapping.yaml"), """
                name: deals
                lead_id: id
                events: [ { name: signed_up, date: seen, required: true, properties: { utm_source: source } } ]
                outcomes:
                  - actions: [accept, qualify, open_opportunity, win]
                    when: { column: stage, equals: Won }
                    date: closed
                    actor: agent
                    amount: value
                """);
        data = tmp.resolve("data");
    }

    private Path csv(String text) throws IOException {
        return Files.writeString(tmp.resolve("deals.csv"), text);
    }

    @Test
    @DisplayName("names each bad row on stderr, stores the good ones, prints a summary; a second import stores nothing")
    void importsAndReimports() throws IOException {
        Path file = csv("""
                id,source,seen,stage,closed,agent,value
                d1,ads,2026-01-05,Won,2026-02-01,Ann,"1,200"
                d2,ads,2026-01-06,Won,2026-02-02,Ann,1200
                d3,seo,06/01/2026,Open,,,
                d4,seo,2026-01-07,Open,,,
                """);
        Run first = CliTest.run("import", "--csv", file, "--mapping", mapping, "--data", data);
        assertThat(first.exit()).isZero();
        assertThat(first.err())
                .isEqualTo(file + ": row 2, column 'value': '1,200' is not a number (e.g. 1250 or 1250.50)\n"
                        + file
                        + ": row 4, column 'seen': '06/01/2026' is not a date in the mapping's format: ISO date or "
                        + "date-time (2018-02-01 or 2018-02-01T10:00:00)\n");
        assertThat(first.out())
                .isEqualTo("imported " + file + ": 4 rows read (0 skipped by the mapping, 0 with nothing "
                        + "to import, 2 with errors); 6 records stored, 0 duplicates ignored\n");
        Run again = CliTest.run("import", "--csv", file, "--mapping", mapping, "--data", data);
        assertThat(again.out()).endsWith("; 0 records stored, 6 duplicates ignored\n");
    }

    @Test
    @DisplayName("what is imported replays to the stages the mapping meant")
    void replays() throws IOException {
        Path file = csv("id,source,seen,stage,closed,agent,value\nd1,ads,2026-01-05,Won,2026-02-01,Ann,1200\n");
        assertThat(CliTest.run("import", "--csv", file, "--mapping", mapping, "--data", data)
                        .exit())
                .isZero();
        Path model = Files.writeString(tmp.resolve("model.yaml"), """
                name: m
                lifecycle: { conversions: [signed_up], fast_lane: [ { on: signed_up } ] }
                """);
        Path exported = tmp.resolve("export.jsonl");
        assertThat(CliTest.run("export", "--data", data, "--out", exported).exit())
                .isZero();
        Run replay = CliTest.run("replay", "--model", model, "--events", exported, "--transitions");
        assertThat(replay.err()).isEmpty();
        assertThat(replay.out()).contains("\"lead\":\"d1\",\"stage\":\"customer\"");
    }

    @Test
    @DisplayName("an invalid mapping is refused whole, every error named, and nothing is opened or stored")
    void invalidMapping() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), """
                name: deals
                lead: id
                events: [ { name: Signed Up, date: seen } ]
                """);
        Run run = CliTest.run("import", "--csv", csv("id,seen\n"), "--mapping", bad, "--data", data);
        assertThat(run.exit()).isEqualTo(LeadflowCli.EXIT_BAD_INPUT);
        assertThat(run.err())
                .isEqualTo(bad + ": lead: unknown key (did you mean 'lead_id'?); allowed here: attributes, "
                        + "date_format, date_formats, delimiter, description, events, lead_id, name, outcomes, skip, time_zone\n"
                        + bad + ": lead_id: missing\n"
                        + bad + ": events[0].name: 'Signed Up' must be snake_case, as models match it: 'signed_up'\n"
                        + "leadflow: mapping " + bad + " is invalid (3 errors)\n");
        assertThat(data).doesNotExist();
    }

    @Test
    @DisplayName("a file without a column the mapping reads is refused before anything is stored")
    void missingColumn() throws IOException {
        Path file = csv("id,source,seen,stage,closed,agent\nd1,ads,2026-01-05,Won,2026-02-01,Ann\n");
        Run run = CliTest.run("import", "--csv", file, "--mapping", mapping, "--data", data);
        assertThat(run.exit()).isEqualTo(LeadflowCli.EXIT_BAD_INPUT);
        assertThat(run.err())
                .startsWith(file + ": the header has no column 'value', which the mapping reads at "
                        + "outcomes[0].amount; columns: id, source, seen, stage, closed, agent\n")
                .endsWith("leadflow: cannot import " + file + " by " + mapping + ": nothing stored\n");
        assertThat(CliTest.run("export", "--data", data, "--out", tmp.resolve("e.jsonl"))
                        .err())
                .isEqualTo("exported 0 records to " + tmp.resolve("e.jsonl") + "\n");
    }

    @Test
    @DisplayName("takes exactly one of --events and --csv with --mapping")
    void exactlyOneSource() throws IOException {
        Path file = csv("id\n");
        Run both = CliTest.run("import", "--events", file, "--csv", file, "--mapping", mapping, "--data", data);
        assertThat(both.exit()).isEqualTo(LeadflowCli.EXIT_BAD_INPUT);
        assertThat(both.err()).contains("mutually exclusive");
        Run noMapping = CliTest.run("import", "--csv", file, "--data", data);
        assertThat(noMapping.exit()).isEqualTo(LeadflowCli.EXIT_BAD_INPUT);
        assertThat(noMapping.err()).contains("Missing required argument").contains("--mapping");
        Run none = CliTest.run("import", "--data", data);
        assertThat(none.exit()).isEqualTo(LeadflowCli.EXIT_BAD_INPUT);
        assertThat(none.err()).contains("Missing required argument");
    }
}
