package dev.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Prerequisites;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.JdbcRecordStore;
import dev.leadflow.app.ClosedLoopReports;
import dev.leadflow.app.Leadflow;
import dev.leadflow.cli.CliTest.Run;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelParser;
import dev.leadflow.report.Attribution;
import dev.leadflow.report.Funnel;
import dev.leadflow.report.Velocity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented mappings (examples/olist, examples/maven-crm) import the real data sets of
 * {@code ../shared/datasets}, and the reports over them equal what plain counting of the CSV files
 * gives: no figure of the data sets is written here (datasets README). The files are read here by
 * splitting lines, not by the importer's CSV reader, and only where no cell is quoted.
 */
@DisplayName("Importing the real Olist and Maven CRM data sets with the documented mappings")
class RealDatasetsImportTest {

    private static final Path EXAMPLES = Path.of("..", "examples");
    /** Later than every record; no timer can fire (the models have no MQL expiry). */
    private static final long NOW = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path tmp;

    /** {@code shared/datasets} beside the repository (or any parent of it), or $LEADFLOW_DATASETS. */
    static Optional<Path> datasets() {
        String env = System.getenv("LEADFLOW_DATASETS");
        if (env != null && Files.isDirectory(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("datasets");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path dataset(String folder, String file) {
        Optional<Path> root = datasets();
        Prerequisites.require(
                root.isPresent(),
                "no shared/datasets found above " + Path.of("").toAbsolutePath() + " (set LEADFLOW_DATASETS)");
        return root.get().resolve(folder).resolve(file);
    }

    private static Model model(String folder) throws IOException {
        return ((ModelParser.Result.Valid) new ModelParser()
                        .parse(Files.readString(EXAMPLES.resolve(folder).resolve("model.yaml"))))
                .model();
    }

    /** Each data row's first {@code columns} cells, split at commas (asserting none of them is quoted). */
    private static void rows(Path file, int columns, BiConsumer<Integer, String[]> row) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", columns + 1);
            for (int c = 0; c < columns; c++) {
                assertThat(cells[c])
                        .as("row %d: this test splits unquoted cells only", i + 1)
                        .doesNotContain("\"");
            }
            row.accept(i + 1, cells);
        }
    }

    private static Run importCsv(Path csv, Path mapping, Path data) {
        Run run = CliTest.run("import", "--csv", csv, "--mapping", mapping, "--data", data);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err().lines().filter(l -> !l.startsWith("import: ")))
                .as("no row errors, only progress")
                .isEmpty();
        return run;
    }

    @Test
    @DisplayName("Olist: MQLs and won deals per origin, and the median time from first contact to won, equal "
            + "plain counting of the two files")
    void olist() throws IOException {
        Path mqlFile = dataset("olist-marketing-funnel", "olist_marketing_qualified_leads_dataset.csv");
        Path dealsFile = dataset("olist-marketing-funnel", "olist_closed_deals_dataset.csv");
        ZoneId saoPaulo = ZoneId.of("America/Sao_Paulo");
        Map<String, String> origin = new HashMap<>();
        Map<String, Instant> firstContact = new HashMap<>();
        rows(mqlFile, 4, (n, c) -> {
            origin.put(c[0], c[3].isEmpty() ? Attribution.NONE : c[3]);
            firstContact.put(c[0], LocalDate.parse(c[1]).atStartOfDay(saoPaulo).toInstant());
        });
        Map<String, int[]> expected = new TreeMap<>(); // origin → {MQLs, won}
        origin.values().forEach(o -> expected.computeIfAbsent(o, k -> new int[2])[0]++);
        List<Long> daysToWon = new ArrayList<>();
        int[] deals = {0};
        rows(dealsFile, 5, (n, c) -> {
            deals[0]++;
            Instant won =
                    LocalDateTime.parse(c[4].replace(' ', 'T')).atZone(saoPaulo).toInstant();
            // a deal dated before its lead's first contact cannot be won: the lead is no MQL yet (refused)
            if (!won.isBefore(firstContact.get(c[0]))) {
                expected.get(origin.get(c[0]))[1]++;
                daysToWon.add(Duration.between(firstContact.get(c[0]), won).toMillis());
            }
        });

        Path data = tmp.resolve("olist");
        Run mqls = importCsv(mqlFile, EXAMPLES.resolve("olist/mql.mapping.yaml"), data);
        assertThat(mqls.out())
                .contains(String.format(
                        ": %,d rows read (0 skipped by the mapping, 0 with nothing to "
                                + "import, 0 with errors); %,d records stored, 0 duplicates ignored",
                        origin.size(), origin.size()));
        Run won = importCsv(dealsFile, EXAMPLES.resolve("olist/closed-deals.mapping.yaml"), data);
        assertThat(won.out())
                .contains(String.format(
                        ": %,d rows read (0 skipped by the mapping, 0 with nothing to "
                                + "import, 0 with errors); %,d records stored",
                        deals[0], deals[0] * 5));

        try (Database db = Database.embedded(data)) {
            Leadflow live = Leadflow.withoutHandoff(model("olist"), new JdbcRecordStore(db), NOW);
            Map<String, int[]> reported = new TreeMap<>();
            for (Funnel.Row r : Funnel.totals(Funnel.compute(
                    live.reports().histories("source", NOW), Funnel.Period.MONTH, saoPaulo, Funnel.Range.ALL))) {
                reported.put(r.slice(), new int[] {r.mql(), r.customer()});
                assertThat(r.opportunityToCustomer()).as(r.slice()).isIn(1.0, Double.NaN);
            }
            assertThat(reported).containsOnlyKeys(expected.keySet());
            expected.forEach((o, counts) -> assertThat(reported.get(o)).as(o).containsExactly(counts));

            Velocity.Stats inMql = Velocity.timeInStage(live.reports().moves(null, NOW), Funnel.Range.ALL)
                    .get(Stage.MQL);
            assertThat(inMql.count()).isEqualTo(daysToWon.size());
            assertThat(inMql.median()).isEqualTo(Duration.ofMillis(nearestRankMedian(daysToWon)));
            Velocity.Stats toWon = Velocity.mqlToCustomerBySlice(live.reports().moves(null, NOW), Funnel.Range.ALL)
                    .get("all");
            assertThat(toWon.count()).as("first contact to won").isEqualTo(daysToWon.size());
            assertThat(toWon.median()).isEqualTo(Duration.ofMillis(nearestRankMedian(daysToWon)));
        }
    }

    @Test
    @DisplayName("Maven CRM: Prospecting rows skipped without errors; wins and losses per sales agent equal "
            + "plain counting; a second import stores nothing")
    void mavenCrm() throws IOException {
        Path pipeline = dataset("maven-crm-opportunities", "sales_pipeline.csv");
        Map<String, Integer> stages = new TreeMap<>();
        Map<String, Integer> wonByAgent = new TreeMap<>();
        Map<String, Integer> lostByAgent = new TreeMap<>();
        List<Long> daysToWon = new ArrayList<>();
        rows(pipeline, 8, (n, c) -> {
            stages.merge(c[4], 1, Integer::sum);
            if (c[4].equals("Won")) {
                wonByAgent.merge(c[1], 1, Integer::sum);
                daysToWon.add(Duration.ofDays(LocalDate.parse(c[6]).toEpochDay()
                                - LocalDate.parse(c[5]).toEpochDay())
                        .toMillis());
            } else if (c[4].equals("Lost")) {
                lostByAgent.merge(c[1], 1, Integer::sum);
            }
        });
        int rows = stages.values().stream().mapToInt(Integer::intValue).sum();
        int prospecting = stages.getOrDefault("Prospecting", 0);

        Path data = tmp.resolve("maven");
        Path mapping = EXAMPLES.resolve("maven-crm/sales-pipeline.mapping.yaml");
        Run first = importCsv(pipeline, mapping, data);
        assertThat(first.out())
                .contains(String.format(
                        ": %,d rows read (%,d skipped by the mapping, 0 with nothing to " + "import, 0 with errors)",
                        rows, prospecting));
        Run again = importCsv(pipeline, mapping, data);
        assertThat(again.out()).contains("; 0 records stored, ");

        try (Database db = Database.embedded(data)) {
            Leadflow live = Leadflow.withoutHandoff(model("maven-crm"), new JdbcRecordStore(db), NOW);
            Map<String, Integer> won = new TreeMap<>();
            Map<String, Integer> lost = new TreeMap<>();
            int mqls = 0;
            for (Funnel.LeadHistory lead : live.reports().histories(null, NOW)) {
                for (Transition t : lead.transitions()) {
                    mqls += t.to() == Stage.MQL ? 1 : 0;
                    if (t.to() == Stage.CUSTOMER) {
                        won.merge(t.actor(), 1, Integer::sum);
                    } else if (t.to() == Stage.RECYCLED && t.reason().equals("lost")) {
                        lost.merge(t.actor(), 1, Integer::sum);
                    }
                }
            }
            assertThat(mqls).isEqualTo(rows - prospecting);
            assertThat(won).isEqualTo(wonByAgent);
            assertThat(lost).isEqualTo(lostByAgent);

            Map<String, Integer> customersByOwner = new TreeMap<>();
            Funnel.totals(Funnel.compute(
                            live.reports().histories(ClosedLoopReports.BY_OWNER, NOW),
                            Funnel.Period.MONTH,
                            ZoneId.of("UTC"),
                            Funnel.Range.ALL))
                    .stream()
                    .filter(r -> r.customer() > 0)
                    .forEach(r -> customersByOwner.put(r.slice(), r.customer()));
            assertThat(customersByOwner)
                    .as("the funnel by owner: the agent who accepted, without a hand-off")
                    .isEqualTo(wonByAgent);
            Velocity.Stats toWon = Velocity.mqlToCustomerBySlice(live.reports().moves(null, NOW), Funnel.Range.ALL)
                    .get("all");
            assertThat(toWon.count()).isEqualTo(daysToWon.size());
            assertThat(toWon.median())
                    .as("median days from engaging to won")
                    .isEqualTo(Duration.ofMillis(nearestRankMedian(daysToWon)));
        }
    }

    /** The smallest value with at least half of the values at or below it (as the velocity report defines it). */
    private static long nearestRankMedian(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.ceil(0.5 * sorted.size()) - 1);
    }
}
