package dev.leadflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.leadflow.Fixtures;
import dev.leadflow.TestClock;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.port.Scope;
import dev.leadflow.engine.Engine;
import dev.leadflow.input.InputCodec;
import dev.leadflow.report.Funnel;
import dev.leadflow.server.LeadflowServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Reports over HTTP: the cohort funnel, as JSON and CSV, equal to an offline replay of the store")
class ReportsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z"); // a Monday

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private final HttpClient http = HttpClient.newHttpClient();
    private final InputCodec codec = new InputCodec();
    private LeadflowServer server;
    private String admin;

    @BeforeEach
    void start() {
        server = LeadflowServer.start(Database.embedded(dir), Fixtures.exampleModel(), "127.0.0.1", 0, clock);
        admin = server.keys().create(Scope.ADMIN, 0L);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Authorization", "Bearer " + admin)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void demoRequest(String user, String messageId, Duration sinceT0) {
        demoRequest(user, messageId, sinceT0, "direct");
    }

    private void demoRequest(String user, String messageId, Duration sinceT0, String source) {
        clock.set(T0.plus(sinceT0));
        String t = clock.instant().toString();
        server.live()
                .ingestEvents()
                .ingest(
                        List.of(
                                ((InputCodec.Parsed.Valid)
                                                codec.parse("{\"type\":\"identify\",\"messageId\":\"id-" + messageId
                                                        + "\",\"userId\":\"" + user + "\",\"timestamp\":\"" + t
                                                        + "\",\"traits\":{\"email\":\"" + user
                                                        + "@acme.example\"}}"))
                                        .input(),
                                ((InputCodec.Parsed.Valid) codec.parse(
                                                "{\"type\":\"track\",\"messageId\":\"" + messageId + "\",\"userId\":\""
                                                        + user + "\",\"event\":\"demo_requested\",\"timestamp\":\"" + t
                                                        + "\",\"properties\":{\"context\":"
                                                        + "{\"campaign\":{\"source\":\"" + source + "\"}}}}"))
                                        .input()),
                        clock.millis());
    }

    private void act(String user, Duration sinceT0, String body) throws Exception {
        clock.set(T0.plus(sinceT0));
        HttpResponse<String> r = send("POST", "/api/leads/" + user + "/actions", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("weekly cohorts count each qualification cycle once, in the week it entered MQL")
    void funnel() throws Exception {
        demoRequest("u1", "d1", Duration.ZERO);
        act("u1", Duration.ofMinutes(30), "{\"action\":\"touch\",\"channel\":\"phone\"}");
        act("u1", Duration.ofHours(1), "{\"action\":\"accept\"}");
        act("u1", Duration.ofHours(2), "{\"action\":\"qualify\"}");
        demoRequest("u2", "d2", Duration.ofDays(1));
        act("u2", Duration.ofDays(1).plusHours(1), "{\"action\":\"reject\",\"reason\":\"premature\"}");
        demoRequest(
                "u2",
                "d3",
                Duration.ofDays(8),
                "google"); // a hand-raiser in nurture goes straight back: cycle 2, next week

        JsonNode report = JSON.readTree(
                send("GET", "/api/reports/funnel?period=week", null).body());
        List<String> cohorts = new ArrayList<>();
        report.get("cohorts")
                .forEach(c -> cohorts.add(c.get("cohort").asText() + " leads=" + c.get("leads") + " mql=" + c.get("mql")
                        + " sal=" + c.get("sal") + " sql=" + c.get("sql")));
        assertThat(cohorts)
                .containsExactly("2026-11-23 leads=2 mql=2 sal=1 sql=1", "2026-11-30 leads=0 mql=1 sal=0 sql=0");
        assertThat(report.at("/cohorts/0/rates/mql_to_sql").asDouble()).isEqualTo(0.5);
        assertThat(report.at("/total/mql").asInt()).isEqualTo(3);
        assertThat(report.at("/total/rates/mql_to_sql").asDouble()).isEqualTo(0.3333);
        assertThat(report.at("/cohorts/1/rates/lead_to_mql").isNull())
                .as("no leads that week")
                .isTrue();

        // the same numbers as an offline replay of what is stored
        Engine offline = new Engine(Fixtures.exampleModel());
        server.store().forEachInProcessingOrder(r -> offline.apply(r.input()));
        offline.advanceTo(clock.millis());
        List<Funnel.LeadHistory> histories = offline.leadIds().stream()
                .map(id -> new Funnel.LeadHistory(id, offline.transitions(id), Funnel.CycleSlice.NONE))
                .toList();
        Funnel.Row replayed = Funnel.totals(
                        Funnel.compute(histories, Funnel.Period.WEEK, ZoneOffset.UTC, Funnel.Range.ALL))
                .getFirst();
        assertThat(report.at("/total/leads").asInt()).isEqualTo(replayed.leads());
        assertThat(report.at("/total/sal").asInt()).isEqualTo(replayed.sal());
        assertThat(report.at("/total/sql").asInt()).isEqualTo(replayed.sql());

        JsonNode ranged = JSON.readTree(send("GET", "/api/reports/funnel?from=2026-11-30&to=2026-12-06", null)
                .body());
        assertThat(ranged.get("cohorts")).hasSize(1);
        assertThat(ranged.at("/total/mql").asInt()).isEqualTo(1);

        JsonNode bySource =
                JSON.readTree(send("GET", "/api/reports/funnel?by=source", null).body());
        List<String> slices = new ArrayList<>();
        bySource.get("slices")
                .forEach(c -> slices.add(c.get("source").asText() + " mql=" + c.get("mql") + " sql=" + c.get("sql")));
        assertThat(slices)
                .as("each cycle under the source of the event that converted it")
                .containsExactly("direct mql=2 sql=1", "google mql=1 sql=0");
        assertThat(bySource.at("/total/mql").asInt()).isEqualTo(3);
        assertThat(send("GET", "/api/reports/funnel?by=source&format=csv", null)
                        .body()
                        .lines()
                        .toList())
                .startsWith(
                        "cohort,source,leads,leads_to_mql,mql,sal,sql,opportunity,customer,lead_to_mql_rate,"
                                + "mql_to_sal_rate,sal_to_sql_rate,mql_to_sql_rate,sql_to_opportunity_rate,opportunity_to_customer_rate",
                        "2026-11-23,direct,2,2,2,1,1,0,0,1.0,0.5,1.0,0.5,0.0,")
                .endsWith("total,,2,2,3,1,1,0,0,1.0,0.3333,1.0,0.3333,0.0,");

        JsonNode velocity =
                JSON.readTree(send("GET", "/api/reports/velocity", null).body());
        assertThat(velocity.at("/time_in_stage/mql/count").asInt()).isEqualTo(2);
        assertThat(velocity.at("/time_in_stage/mql/median").asText()).isEqualTo("PT1H");
        assertThat(velocity.at("/time_in_stage/mql/under_way").asInt())
                .as("u2's second cycle")
                .isEqualTo(1);
        assertThat(velocity.at("/time_in_stage/sal/median_hours").asDouble()).isEqualTo(1.0);
        assertThat(velocity.at("/time_in_stage/recycled/median_hours").asDouble())
                .isEqualTo(167.0);
        assertThat(velocity.at("/mql_to_first_touch/count").asInt()).isEqualTo(1);
        assertThat(velocity.at("/mql_to_first_touch/median").asText()).isEqualTo("PT30M");
        assertThat(velocity.at("/mql_to_first_touch/under_way").asInt()).isEqualTo(1);
        assertThat(send("GET", "/api/reports/velocity?format=csv", null)
                        .body()
                        .lines()
                        .toList())
                .contains(
                        "measure,count,median_hours,p90_hours,median_days,p90_days,under_way",
                        "mql_to_first_touch,1,0.5,0.5,0.02,0.02,1");

        HttpResponse<String> csv = send("GET", "/api/reports/funnel?format=csv&period=month", null);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body().lines().toList())
                .containsExactly(
                        "cohort,leads,leads_to_mql,mql,sal,sql,opportunity,customer,lead_to_mql_rate,mql_to_sal_rate,"
                                + "sal_to_sql_rate,mql_to_sql_rate,sql_to_opportunity_rate,opportunity_to_customer_rate",
                        "2026-11-01,2,2,2,1,1,0,0,1.0,0.5,1.0,0.5,0.0,",
                        "2026-12-01,0,0,1,0,0,0,0,,0.0,,0.0,,",
                        "total,2,2,3,1,1,0,0,1.0,0.3333,1.0,0.3333,0.0,");
    }

    @Test
    @DisplayName(
            "hand-off health: SLA compliance per owner and team, cycles by outcome, returns; funnel by owner, team, model")
    void handoffHealth() throws Exception {
        HttpResponse<String> put = send("PUT", "/api/handoff", """
                teams:
                  - id: sales
                    time_zone: UTC
                    working_hours: always
                    members: [{ id: ann }, { id: bob }]
                routing:
                  - { name: all, team: sales }
                sla: { accept_within: 1h, first_touch_within: 2h, escalation: [{ action: notify }] }
                """);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        demoRequest("u1", "d1", Duration.ZERO); // ann: touched and accepted in time
        act("u1", Duration.ofMinutes(20), "{\"action\":\"touch\",\"channel\":\"phone\"}");
        act("u1", Duration.ofMinutes(30), "{\"action\":\"accept\"}");
        demoRequest("u2", "d2", Duration.ofDays(1)); // bob: both clocks breached, then rejected
        clock.set(T0.plus(Duration.ofDays(1).plusHours(3)));
        server.live().fireTimers().fireDue(clock.millis());
        act("u2", Duration.ofDays(1).plusHours(3), "{\"action\":\"reject\",\"reason\":\"premature\"}");
        demoRequest("u3", "d3", Duration.ofDays(2)); // ann again: clocks running at report time
        clock.set(T0.plus(Duration.ofDays(2).plusMinutes(10)));

        JsonNode h = JSON.readTree(send("GET", "/api/reports/handoff", null).body());
        assertThat(h.at("/sla/owners/0/owner").asText()).isEqualTo("ann");
        assertThat(h.at("/sla/owners/0/assigned").asInt()).isEqualTo(2);
        assertThat(h.at("/sla/owners/0/accept").toString())
                .isEqualTo("{\"given\":2,\"met\":1,\"breached\":0,\"running\":1,\"compliance\":1.0}");
        assertThat(h.at("/sla/owners/1/owner").asText()).isEqualTo("bob");
        assertThat(h.at("/sla/owners/1/first_touch").toString())
                .isEqualTo("{\"given\":1,\"met\":0,\"breached\":1,\"running\":0,\"compliance\":0.0}");
        assertThat(h.at("/sla/teams/0/team").asText()).isEqualTo("sales");
        assertThat(h.at("/sla/total/accept/compliance").asDouble()).isEqualTo(0.5);
        assertThat(h.at("/cycles_total").toString())
                .startsWith(
                        "{\"mql\":3,\"sql\":0,\"never_sql\":3,\"open\":2,\"recycled\":1,\"disqualified\":0,\"requalified\":0");
        assertThat(h.at("/cycles_total/rates/recycle").asDouble()).isEqualTo(0.3333);
        assertThat(h.at("/returns").toString())
                .isEqualTo("[{\"from\":\"mql\",\"to\":\"recycled\",\"reason\":\"premature\",\"count\":1}]");
        assertThat(send("GET", "/api/reports/handoff?format=csv&part=owners", null)
                        .body()
                        .lines()
                        .toList())
                .containsExactly(
                        "owner,assigned,accept_given,accept_met,accept_breached,accept_running,accept_compliance,"
                                + "first_touch_given,first_touch_met,first_touch_breached,first_touch_running,first_touch_compliance",
                        "ann,2,2,1,0,1,1.0,2,1,0,1,1.0",
                        "bob,1,1,0,1,0,0.0,1,0,1,0,0.0",
                        "total,3,3,1,1,1,0.5,3,1,1,1,0.5");
        assertThat(send("GET", "/api/reports/handoff?format=csv&part=returns&by=owner", null)
                        .body()
                        .lines()
                        .toList())
                .containsExactly("owner,from,to,reason,count", "bob,mql,recycled,premature,1");
        JsonNode recent = JSON.readTree(
                send("GET", "/api/reports/handoff?from=2026-11-25", null).body());
        assertThat(recent.at("/sla/total/assigned").asInt())
                .as("assignments in the range only")
                .isEqualTo(1);
        assertThat(recent.at("/cycles_total/mql").asInt()).isEqualTo(1);

        assertThat(slices("owner"))
                .as("nobody owns a lead before its MQL: the people who became leads count under (none)")
                .containsExactly("(none) mql=0 sal=0", "ann mql=2 sal=1", "bob mql=1 sal=0");
        assertThat(slices("team")).containsExactly("(none) mql=0 sal=0", "sales mql=3 sal=1");
        assertThat(slices("model")).containsExactly(Fixtures.exampleModel().id() + " mql=3 sal=1");
        JsonNode velocity = JSON.readTree(
                send("GET", "/api/reports/velocity?by=owner", null).body());
        assertThat(velocity.at("/slices/0/owner").asText())
                .as("stays before the MQL")
                .isEqualTo("(none)");
        assertThat(velocity.at("/slices/1/owner").asText()).isEqualTo("ann");
        assertThat(velocity.at("/slices/1/mql_to_first_touch/median").asText()).isEqualTo("PT20M");
        assertThat(velocity.at("/slices/2/time_in_stage/mql/median").asText()).isEqualTo("PT3H");
        assertThat(velocity.at("/time_in_stage/mql/count").asInt())
                .as("the unsliced measures too")
                .isEqualTo(2);

        String before = send("GET", "/api/reports/handoff?by=owner", null).body();
        server.close();
        server = LeadflowServer.start(Database.embedded(dir), Fixtures.exampleModel(), "127.0.0.1", 0, clock);
        assertThat(send("GET", "/api/reports/handoff?by=owner", null).body())
                .as("the same after a restart")
                .isEqualTo(before);
    }

    private List<String> slices(String by) throws Exception {
        JsonNode report =
                JSON.readTree(send("GET", "/api/reports/funnel?by=" + by, null).body());
        List<String> out = new ArrayList<>();
        report.get("slices")
                .forEach(c -> out.add(c.get(by).asText() + " mql=" + c.get("mql") + " sal=" + c.get("sal")));
        return out;
    }

    @Test
    @DisplayName("a bad query gets a 400 naming each bad parameter")
    void badQuery() throws Exception {
        HttpResponse<String> r = send(
                "GET", "/api/reports/funnel?period=day&tz=Mars/Olympus&from=2026-13-01&colour=red&by=shoe_size", null);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode details = JSON.readTree(r.body()).get("details");
        assertThat(details.toString())
                .contains(
                        "unknown parameter 'colour'",
                        "period: 'day'",
                        "tz: 'Mars/Olympus'",
                        "from: '2026-13-01'",
                        "by: 'shoe_size' is not one of source, medium, campaign, landing_page, grade, owner, team, model");
        assertThat(send("GET", "/api/reports/handoff?part=owners", null).body()).contains("part: only with format=csv");
        assertThat(send("GET", "/api/reports/handoff?format=csv&part=rows", null)
                        .body())
                .contains("part: 'rows' is not one of owners, teams, cycles, returns");
        assertThat(send("GET", "/api/reports/funnel?format=csv&part=owners", null)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    @DisplayName("a date a report cannot reach (years beyond 0001…9999) is a 400 naming the parameter, on every report")
    void datesOutOfRange() throws Exception {
        demoRequest("u1", "m1", Duration.ZERO);
        for (String report : List.of("funnel", "velocity", "handoff")) {
            for (String query : List.of(
                    "from=-999999999-01-01",
                    "to=%2B999999999-12-31",
                    "from=%2B300000000-01-01",
                    "from=-300000000-01-01&format=csv",
                    "to=10000-01-01")) {
                HttpResponse<String> r = send("GET", "/api/reports/" + report + "?" + query, null);
                assertThat(r.statusCode())
                        .as(report + "?" + query + ": " + r.body())
                        .isEqualTo(400);
                String name = query.substring(0, query.indexOf('='));
                assertThat(JSON.readTree(r.body()).get("details").toString())
                        .as(query)
                        .contains(name + ": ")
                        .contains("between 0001-01-01 and 9999-12-31");
            }
        }
        assertThat(send("GET", "/api/reports/funnel?from=0001-01-01&to=9999-12-31", null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("a campaign source a spreadsheet would run as a formula comes back inert in every report CSV")
    void formulaInjection() throws Exception {
        List<String> sources = List.of(
                "=HYPERLINK(\"http://evil.example\",\"open\")", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd");
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < sources.size(); i++) {
            ObjectNode track = batch.addObject()
                    .put("type", "track")
                    .put("messageId", "m" + i)
                    .put("userId", "x" + i)
                    .put("event", "demo_requested")
                    .put("timestamp", T0.toString());
            track.putObject("context").putObject("campaign").put("source", sources.get(i));
        }
        String writeKey = server.keys().create(Scope.WRITE, 0L);
        HttpResponse<String> sent = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/batch"))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.createObjectNode().set("batch", batch).toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        act("x0", Duration.ofHours(1), "{\"action\":\"reject\",\"reason\":\"premature\"}");

        for (String report : List.of(
                "funnel?by=source",
                "velocity?by=source",
                "handoff?by=source&part=cycles",
                "handoff?by=source&part=returns",
                "handoff?part=owners")) {
            HttpResponse<String> r = send("GET", "/api/reports/" + report + "&format=csv", null);
            assertThat(r.statusCode()).as(report).isEqualTo(200);
            List<String[]> rows = new CsvMapper()
                    .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                    .readerFor(String[].class)
                    .<String[]>readValues(r.body())
                    .readAll();
            List<String> cells = rows.stream().flatMap(java.util.Arrays::stream).toList();
            assertThat(cells).as(report).noneMatch(c -> !c.isEmpty() && "=+-@\t\r".indexOf(c.charAt(0)) >= 0);
            if (!report.endsWith("owners")) {
                assertThat(cells).as(report).contains("'=HYPERLINK(\"http://evil.example\",\"open\")");
            }
        }
        List<String> funnel = send("GET", "/api/reports/funnel?by=source&format=csv", null)
                .body()
                .lines()
                .toList();
        assertThat(funnel)
                .contains(
                        "2026-11-23,\"'+SUM(1,2)\",1,1,1,0,0,0,0,1.0,0.0,,0.0,,",
                        "2026-11-23,'-2+3,1,1,1,0,0,0,0,1.0,0.0,,0.0,,",
                        "2026-11-23,'@SUM(A1),1,1,1,0,0,0,0,1.0,0.0,,0.0,,");
        assertThat(funnel.getLast()).as("numbers stay numbers").startsWith("total,,6,6,6,");
    }
}
