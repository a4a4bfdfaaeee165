package dev.leadflow.adapter.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.adapter.csv.Mapping.Type;
import dev.leadflow.adapter.csv.Mapping.Value;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.model.ModelError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Reading a CSV column mapping")
class MappingParserTest {

    private static final MappingParser PARSER = new MappingParser();

    static Mapping valid(String yaml) {
        MappingParser.Result r = PARSER.parse(yaml);
        assertThat(r).as("%s", r).isInstanceOf(MappingParser.Result.Valid.class);
        return ((MappingParser.Result.Valid) r).mapping();
    }

    static List<String> errors(String yaml) {
        MappingParser.Result r = PARSER.parse(yaml);
        assertThat(r).isInstanceOf(MappingParser.Result.Invalid.class);
        return ((MappingParser.Result.Invalid) r)
                .errors().stream().map(ModelError::toString).toList();
    }

    @Nested
    @DisplayName("a valid mapping")
    class Valid {

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "olist/mql.mapping.yaml",
                    "olist/closed-deals.mapping.yaml",
                    "maven-crm/sales-pipeline.mapping.yaml"
                })
        @DisplayName("every shipped example mapping is valid")
        void examples(String file) throws IOException {
            valid(Files.readString(Path.of("..", "examples").resolve(file)));
        }

        @Test
        @DisplayName("gives typed items, defaults (comma, UTC, iso) and every column with the path that reads it")
        void typed() {
            Mapping m = valid("""
                    name: crm
                    lead_id: id
                    date_formats: { closed: "dd/MM/yyyy" }
                    attributes:
                      date: seen
                      traits: { company.name: account, score: { column: points, type: number }, tier: { value: gold } }
                    outcomes:
                      - actions: win
                        date: closed
                        when: { column: stage, in: [Won, won] }
                        amount: value
                    """);
            assertThat(m.name()).isEqualTo("crm");
            assertThat(m.delimiter()).isEqualTo(',');
            assertThat(m.zone()).isEqualTo(ZoneOffset.UTC);
            assertThat(m.dateFormats().get("seen")).isInstanceOf(DateFormat.Iso.class);
            assertThat(m.dateFormats().get("closed")).isInstanceOf(DateFormat.Pattern.class);
            assertThat(m.attributes().orElseThrow().traits())
                    .containsExactly(
                            java.util.Map.entry("company.name", new Value.Column("account", Type.STRING)),
                            java.util.Map.entry("score", new Value.Column("points", Type.NUMBER)),
                            java.util.Map.entry("tier", new Value.Constant("gold")));
            Mapping.OutcomeItem win = m.outcomes().getFirst();
            assertThat(win.actions()).containsExactly(Action.WIN);
            assertThat(win.when().condition().orElseThrow().values()).isEqualTo(Set.of("Won", "won"));
            assertThat(win.amount()).contains(new Value.Column("value", Type.NUMBER));
            assertThat(m.columns())
                    .containsExactly(
                            java.util.Map.entry("id", "lead_id"),
                            java.util.Map.entry("seen", "attributes.date"),
                            java.util.Map.entry("account", "attributes.traits.company.name"),
                            java.util.Map.entry("points", "attributes.traits.score.column"),
                            java.util.Map.entry("closed", "outcomes[0].date"),
                            java.util.Map.entry("stage", "outcomes[0].when.column"),
                            java.util.Map.entry("value", "outcomes[0].amount"));
        }

        @Test
        @DisplayName("reads a time zone and a tab delimiter")
        void zoneAndDelimiter() {
            Mapping m = valid("""
                    name: t
                    lead_id: id
                    delimiter: "\\t"
                    time_zone: America/Sao_Paulo
                    events: [ { name: signed_up, date: at } ]
                    """);
            assertThat(m.delimiter()).isEqualTo('\t');
            assertThat(m.zone()).isEqualTo(ZoneId.of("America/Sao_Paulo"));
        }
    }

    @Nested
    @DisplayName("an invalid mapping is refused whole, every error named by its path")
    class Invalid {

        @Test
        @DisplayName("unknown keys with the key meant, bad values, and illegal action sequences, all at once")
        void everything() {
            assertThat(errors("""
                    name: Olist MQL
                    lead_idd: mql_id
                    time_zone: Mars/Olympus
                    date_format: iso-date
                    date_formats: { wondate: "yyyy-MM-dd" }
                    events:
                      - name: First Contact
                        date: first_contact_date
                        properties: { utm_source: { column: origin, value: x } }
                    outcomes:
                      - actions: [accept, win]
                        date: won_date
                      - actions: [wn]
                        date: won_date
                      - actions: reject
                        date: rejected
                        when: { column: stage, equals: Lost, in: [Lost] }
                      - actions: [open_opportunity, win]
                        date: won_date
                        amount: { value: lots }
                    """))
                    .containsExactly(
                            "lead_idd: unknown key (did you mean 'lead_id'?); allowed here: attributes, date_format, "
                                    + "date_formats, delimiter, description, events, lead_id, name, outcomes, skip, time_zone",
                            "name: 'Olist MQL' must be lower case letters, digits, '.', '_' or '-' (it is part of every "
                                    + "imported record's message id)",
                            "lead_id: missing",
                            "time_zone: unknown time zone 'Mars/Olympus' (an IANA name such as America/Sao_Paulo, or UTC)",
                            "events[0].name: 'First Contact' must be snake_case, as models match it: 'first_contact'",
                            "events[0].properties.utm_source: needs exactly one of column: NAME or value: V",
                            "outcomes[0].actions[1]: 'win' cannot follow 'accept': after it a lead is in sal, where the "
                                    + "actions are qualify, recycle, disqualify, touch",
                            "outcomes[1].actions[0]: unknown 'wn' (did you mean 'win'?); one of accept, reject, touch, "
                                    + "qualify, recycle, disqualify, open_opportunity, win, lose",
                            "outcomes[2].when: needs exactly one of equals: VALUE or in: [VALUE, …]",
                            "outcomes[2].reason: missing: reject needs a reason, a column or { value: … } (e.g. "
                                    + "reason: { value: not_icp })",
                            "outcomes[3].amount.value: must be a finite number",
                            "date_format: 'iso-date' is neither a format (iso, iso_date, iso_date_time) (did you mean "
                                    + "'iso_date'?) nor a date pattern that names a year, a month and a day, such as "
                                    + "yyyy-MM-dd HH:mm:ss or dd/MM/yyyy",
                            "date_formats.wondate: 'wondate' is no date column of this mapping (did you mean 'won_date'?); "
                                    + "date columns: first_contact_date, won_date, rejected");
        }

        @Test
        @DisplayName("a date pattern without a whole date, and a list item that is no mapping")
        void patternsAndShapes() {
            assertThat(errors("""
                    name: t
                    lead_id: id
                    date_format: "HH:mm"
                    events: [ signed_up ]
                    attributes: { date: at }
                    """))
                    .containsExactly(
                            "attributes.traits: missing: a mapping of key to column, e.g. company.name: account",
                            "events[0]: must be a mapping",
                            "date_format: 'HH:mm' is neither a format (iso, iso_date, iso_date_time) nor a date pattern that "
                                    + "names a year, a month and a day, such as yyyy-MM-dd HH:mm:ss or dd/MM/yyyy");
        }

        @Test
        @DisplayName("a mapping that imports nothing, an empty file and YAML that does not parse")
        void nothing() {
            assertThat(errors("name: t\nlead_id: id\n"))
                    .containsExactly("nothing to import: give attributes, events or outcomes");
            assertThat(errors(""))
                    .containsExactly(
                            "the mapping is empty: it needs at least name, lead_id and events, outcomes or attributes");
            assertThat(errors("name: [t\n")).singleElement().asString().startsWith("line 1, column 9: not valid YAML");
        }
    }
}
