package dev.leadflow.adapter.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.input.Track;
import dev.leadflow.lifecycle.Action;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Importing a CSV file by a mapping")
class CsvImportTest {

    /** Stores each messageId once, as the record store does. */
    static final class MemoryStore implements CsvImport.Sink {
        final List<Input> stored = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        int calls;

        @Override
        public int store(List<Input> records) {
            calls++;
            int before = stored.size();
            for (Input r : records) {
                if (ids.add(r.messageId())) {
                    stored.add(r);
                }
            }
            return stored.size() - before;
        }
    }

    /** What the import told. */
    static final class Told implements CsvImport.Listener {
        final List<String> errors = new ArrayList<>();
        final List<CsvImport.Summary> progress = new ArrayList<>();

        @Override
        public void rowError(RowError error) {
            errors.add(error.toString());
        }

        @Override
        public void progress(CsvImport.Summary soFar) {
            progress.add(soFar);
        }
    }

    record Result(CsvImport.Summary summary, MemoryStore store, Told told) {}

    static Result run(String mappingYaml, String csv, MemoryStore store) throws IOException {
        Told told = new Told();
        CsvImport.Summary s =
                new CsvImport(MappingParserTest.valid(mappingYaml), 3, 2).run(new StringReader(csv), store, told);
        return new Result(s, store, told);
    }

    private static final String DEALS = """
            name: deals
            lead_id: id
            attributes:
              date: seen
              required: true
              traits: { stage: stage, vip: { column: vip, type: boolean }, value: { column: value, type: number } }
            outcomes:
              - actions: [open_opportunity, win]
                when: { column: stage, equals: Won }
                date: seen
                amount: value
                actor: { value: importer }
            """;

    @Nested
    @DisplayName("rows with errors")
    class RowErrors {

        @Test
        @DisplayName("each bad row is named by its row number, column and reason; the good rows are imported")
        void namedAndSkipped() throws IOException {
            Result r = run(DEALS, """
                    id,stage,seen,value,vip
                    a1,Won,2018-02-01,100,true
                    a2,Won,2018-02-30,1e3,TRUE
                    "a3","Won, finally",2018-02-03,"1,000",yes
                    a4,Won,2018-02-04,50
                    ,Won,2018-02-05,5,no
                    "a6","multi
                    line",2018-02-06,7,maybe
                    a7,Won,,8,no
                    a8,Lost,2018-13-08,x,no
                    a9,"bad"x,2018-02-09,9,no
                    a10,Won,2018-02-10,10,0
                    """, new MemoryStore());
            assertThat(r.told().errors)
                    .containsExactly(
                            "row 3, column 'seen': '2018-02-30' is not a date in the mapping's format: ISO date or date-time "
                                    + "(2018-02-01 or 2018-02-01T10:00:00)",
                            "row 4, column 'value': '1,000' is not a number (e.g. 1250 or 1250.50)",
                            "row 5: has 4 cells where the header has 5 (a cell holding the delimiter must be quoted)",
                            "row 6, column 'id': empty: every row needs the lead's id",
                            "row 7, column 'vip': 'maybe' is not true or false (true/false, yes/no or 1/0, any case)",
                            "row 8, column 'seen': empty, and the mapping requires a date here",
                            "row 9, column 'seen': '2018-13-08' is not a date in the mapping's format: ISO date or date-time "
                                    + "(2018-02-01 or 2018-02-01T10:00:00)",
                            "row 9, column 'value': 'x' is not a number (e.g. 1250 or 1250.50)",
                            "row 10: not valid CSV: Unexpected character ('x' (code 120)): Expected column separator "
                                    + "character (',' (code 44)) or end-of-line");
            assertThat(r.summary()).isEqualTo(new CsvImport.Summary(10, 0, 0, 8, 6, 0));
            assertThat(r.store().stored)
                    .extracting(Input::userId)
                    .containsExactly("a1", "a1", "a1", "a10", "a10", "a10");
            Identify a1 = (Identify) r.store().stored.getFirst();
            assertThat(a1.traits().asMap())
                    .containsExactly(Map.entry("stage", "Won"), Map.entry("vip", true), Map.entry("value", 100.0));
            LifecycleCommand win = (LifecycleCommand) r.store().stored.get(2);
            assertThat(win.action()).isEqualTo(Action.WIN);
            assertThat(win.amount()).isEqualTo(100.0);
            assertThat(win.actor()).isEqualTo("importer");
            assertThat(win.timestamp()).isEqualTo(Instant.parse("2018-02-01T00:00:00Z"));
        }

        @Test
        @DisplayName("a quote left open swallows the rest of the file: one error for its row, the rows before kept")
        void unterminatedQuote() throws IOException {
            Result r = run(
                    DEALS,
                    "id,stage,seen,value,vip\na1,Won,2018-02-01,1,no\na2,\"Won,2018-02-02,1,no\n"
                            + "a3,Won,2018-02-03,1,no\n",
                    new MemoryStore());
            assertThat(r.told().errors).containsExactly("row 3: not valid CSV: Missing closing quote for value");
            assertThat(r.store().stored).extracting(Input::userId).containsOnly("a1");
        }

        @Test
        @DisplayName("a cell that is not UTF-8 names its column")
        void notUtf8() throws IOException {
            Result r = run(DEALS, "id,stage,seen,value,vip\na1,Won\uFFFD,2018-02-01,1,no\n", new MemoryStore());
            assertThat(r.told().errors)
                    .containsExactly("row 2, column 'stage': not valid UTF-8 (save the file as UTF-8)");
        }
    }

    @Nested
    @DisplayName("message ids")
    class Ids {

        private static final String CSV =
                "id,stage,seen,value,vip\na1,Won,2018-02-01,100,true\na2,Lost,2018-02-02,0,no\n";

        @Test
        @DisplayName("importing the same file twice stores nothing the second time")
        void twice() throws IOException {
            MemoryStore store = new MemoryStore();
            Result first = run(DEALS, CSV, store);
            Result second = run(DEALS, CSV, store);
            assertThat(first.summary().stored()).isEqualTo(4);
            assertThat(second.summary().stored()).isZero();
            assertThat(second.summary().duplicates()).isEqualTo(4);
        }

        @Test
        @DisplayName("are derived from the mapping's name, the item, the lead and the record's content")
        void derived() throws IOException {
            List<String> ids = ids(DEALS, CSV);
            assertThat(ids)
                    .doesNotHaveDuplicates()
                    .allMatch(id -> id.matches("csv:deals:(identify|open_opportunity|win)" + ":[0-9a-f]{20}"));
            assertThat(ids(DEALS, CSV)).isEqualTo(ids);
            List<String> changed = ids(DEALS, CSV.replace("a2,Lost,2018-02-02,0,no", "a2,Lost,2018-02-02,0,yes"));
            assertThat(changed.subList(0, 3)).as("row 2 unchanged").isEqualTo(ids.subList(0, 3));
            assertThat(changed.get(3)).as("row 3's identify changed").isNotEqualTo(ids.get(3));
            assertThat(ids(DEALS.replace("name: deals", "name: deals-2"), CSV)).doesNotContainAnyElementsOf(ids);
        }

        private List<String> ids(String mapping, String csv) throws IOException {
            return run(mapping, csv, new MemoryStore()).store().stored.stream()
                    .map(Input::messageId)
                    .toList();
        }
    }

    @Nested
    @DisplayName("which rows give what")
    class Rows {

        @Test
        @DisplayName("skip rules, conditions and empty dates: counted apart, no errors; records in mapping order")
        void skipAndConditions() throws IOException {
            Result r = run("""
                    name: p
                    lead_id: id
                    skip: [ { column: stage, equals: Prospecting } ]
                    events:
                      - name: engaged
                        date: engaged
                        properties: { utm_source: { value: crm }, product: product }
                    outcomes:
                      - actions: [accept, qualify, open_opportunity, lose]
                        when: { column: stage, in: [Lost] }
                        date: closed
                        required: true
                    """, """
                    id,stage,engaged,closed,product
                    p1,Prospecting,,,
                    p2,Engaging,2017-01-02,,GTX
                    p3,Lost,2017-01-03,2017-02-03,
                    p4,Engaging,,,
                    p5,Lost,2017-01-05,,GTX
                    """, new MemoryStore());
            assertThat(r.told().errors)
                    .containsExactly("row 6, column 'closed': empty, and the mapping requires a date here");
            assertThat(r.summary()).isEqualTo(new CsvImport.Summary(5, 1, 1, 1, 6, 0));
            List<Input> stored = r.store().stored;
            assertThat(stored)
                    .extracting(Input::type)
                    .containsExactly("track", "track", "lifecycle", "lifecycle", "lifecycle", "lifecycle");
            assertThat(((Track) stored.get(0)).properties().asMap())
                    .containsExactly(Map.entry("utm_source", "crm"), Map.entry("product", "GTX"));
            assertThat(((Track) stored.get(1)).properties().asMap()).containsExactly(Map.entry("utm_source", "crm"));
            assertThat(stored.subList(2, 6))
                    .extracting(i -> ((LifecycleCommand) i).action())
                    .containsExactly(Action.ACCEPT, Action.QUALIFY, Action.OPEN_OPPORTUNITY, Action.LOSE);
            assertThat(stored.get(2))
                    .extracting(i -> ((LifecycleCommand) i).actor())
                    .isEqualTo(RowMapper.DEFAULT_ACTOR);
        }

        @Test
        @DisplayName("records are handed over in chunks, and progress is told every so many rows")
        void chunksAndProgress() throws IOException {
            Result r = run(DEALS, """
                    id,stage,seen,value,vip
                    a1,Won,2018-02-01,1,no
                    a2,Won,2018-02-02,1,no
                    a3,Open,2018-02-03,1,no
                    a4,Won,2018-02-04,1,no
                    a5,Won,2018-02-05,1,no
                    """, new MemoryStore());
            assertThat(r.summary().stored()).isEqualTo(13);
            assertThat(r.store().calls).as("chunks of 3 records or more").isEqualTo(4);
            assertThat(r.told().progress).extracting(CsvImport.Summary::rows).containsExactly(2L, 4L);
        }

        @Test
        @DisplayName("a semicolon-separated file with a byte order mark and spaces around cells")
        void delimiterAndBom() throws IOException {
            Result r = run("""
                    name: b
                    lead_id: id
                    delimiter: ";"
                    events: [ { name: signed_up, date: day, properties: { plan: plan } } ]
                    """, "\uFEFFid ; day ;plan\n b1 ; 2018-02-01 ; pro, yearly \n", new MemoryStore());
            Track t = (Track) r.store().stored.getFirst();
            assertThat(t.userId()).isEqualTo("b1");
            assertThat(t.properties().asMap()).containsExactly(Map.entry("plan", "pro, yearly"));
        }
    }

    @Nested
    @DisplayName("a file that cannot be imported at all")
    class Files {

        @Test
        @DisplayName("a header without a column the mapping reads: refused before anything is stored, each named")
        void missingColumns() {
            MemoryStore store = new MemoryStore();
            assertThatThrownBy(() -> run(DEALS, "id,stag,seen,value\na1,Won,2018-02-01,1\n", store))
                    .isInstanceOfSatisfying(
                            CsvImport.FileError.class,
                            e -> assertThat(e.problems())
                                    .containsExactly(
                                            "the header has no column 'stage' (did you mean 'stag'?), which the mapping reads at "
                                                    + "attributes.traits.stage; columns: id, stag, seen, value",
                                            "the header has no column 'vip', which the mapping reads at attributes.traits.vip.column; "
                                                    + "columns: id, stag, seen, value"));
            assertThat(store.calls).isZero();
        }

        @Test
        @DisplayName("an empty file, and a header naming a column the mapping reads twice")
        void emptyOrAmbiguous() {
            assertThatThrownBy(() -> run(DEALS, "", new MemoryStore()))
                    .hasMessage("the file is empty: row 1 must name the columns");
            assertThatThrownBy(() -> run(DEALS, "id,stage,seen,value,vip,seen\n", new MemoryStore()))
                    .hasMessage("the header names column 'seen' twice, which the mapping reads at attributes.date");
        }
    }
}
