package dev.leadflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.Fixtures;
import dev.leadflow.TestClock;
import dev.leadflow.engine.Engine;
import dev.leadflow.input.InputCodec;
import dev.leadflow.report.Funnel;
import dev.leadflow.server.LeadflowServer;
import dev.leadflow.store.Database;
import dev.leadflow.store.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + admin)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private void demoRequest(String user, String messageId, Duration sinceT0) {
        demoRequest(user, messageId, sinceT0, "direct");
    }

    private void demoRequest(String user, String messageId, Duration sinceT0, String source) {
        clock.set(T0.plus(sinceT0));
        String t = clock.instant().toString();
        server.live().ingest(List.of(
                ((InputCodec.Parsed.Valid) codec.parse("{\"type\":\"identify\",\"messageId\":\"id-" + messageId
                        + "\",\"userId\":\"" + user + "\",\"timestamp\":\"" + t + "\",\"traits\":{\"email\":\"" + user
                        + "@acme.example\"}}")).input(),
                ((InputCodec.Parsed.Valid) codec.parse("{\"type\":\"track\",\"messageId\":\"" + messageId + "\",\"userId\":\""
                        + user + "\",\"event\":\"demo_requested\",\"timestamp\":\"" + t + "\",\"properties\":{\"context\":"
                        + "{\"campaign\":{\"source\":\"" + source + "\"}}}}")).input()), clock.millis());
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
        demoRequest("u2", "d3", Duration.ofDays(8), "google"); // a hand-raiser in nurture goes straight back: cycle 2, next week

        JsonNode report = JSON.readTree(send("GET", "/api/reports/funnel?period=week", null).body());
        List<String> cohorts = new ArrayList<>();
        report.get("cohorts").forEach(c -> cohorts.add(c.get("cohort").asText() + " leads=" + c.get("leads") + " mql="
                + c.get("mql") + " sal=" + c.get("sal") + " sql=" + c.get("sql")));
        assertThat(cohorts).containsExactly("2026-11-23 leads=2 mql=2 sal=1 sql=1", "2026-11-30 leads=0 mql=1 sal=0 sql=0");
        assertThat(report.at("/cohorts/0/rates/mql_to_sql").asDouble()).isEqualTo(0.5);
        assertThat(report.at("/total/mql").asInt()).isEqualTo(3);
        assertThat(report.at("/total/rates/mql_to_sql").asDouble()).isEqualTo(0.3333);
        assertThat(report.at("/cohorts/1/rates/lead_to_mql").isNull()).as("no leads that week").isTrue();

        // the same numbers as an offline replay of what is stored
        Engine offline = new Engine(Fixtures.exampleModel());
        server.store().forEachInProcessingOrder(r -> offline.apply(r.input()));
        offline.advanceTo(clock.millis());
        List<Funnel.LeadHistory> histories = offline.leadIds().stream().map(id -> new Funnel.LeadHistory(id,
                offline.transitions(id), Funnel.CycleSlice.NONE)).toList();
        Funnel.Row replayed = Funnel.totals(Funnel.compute(histories, Funnel.Period.WEEK, ZoneOffset.UTC,
                Funnel.Range.ALL)).getFirst();
        assertThat(report.at("/total/leads").asInt()).isEqualTo(replayed.leads());
        assertThat(report.at("/total/sal").asInt()).isEqualTo(replayed.sal());
        assertThat(report.at("/total/sql").asInt()).isEqualTo(replayed.sql());

        JsonNode ranged = JSON.readTree(send("GET", "/api/reports/funnel?from=2026-11-30&to=2026-12-06", null).body());
        assertThat(ranged.get("cohorts")).hasSize(1);
        assertThat(ranged.at("/total/mql").asInt()).isEqualTo(1);

        JsonNode bySource = JSON.readTree(send("GET", "/api/reports/funnel?by=source", null).body());
        List<String> slices = new ArrayList<>();
        bySource.get("slices").forEach(c -> slices.add(c.get("source").asText() + " mql=" + c.get("mql") + " sql=" + c.get("sql")));
        assertThat(slices).as("each cycle under the source of the event that converted it")
                .containsExactly("direct mql=2 sql=1", "google mql=1 sql=0");
        assertThat(bySource.at("/total/mql").asInt()).isEqualTo(3);
        assertThat(send("GET", "/api/reports/funnel?by=source&format=csv", null).body().lines().toList())
                .startsWith("cohort,source,leads,leads_to_mql,mql,sal,sql,opportunity,customer,lead_to_mql_rate,"
                        + "mql_to_sal_rate,sal_to_sql_rate,mql_to_sql_rate,sql_to_opportunity_rate,opportunity_to_customer_rate",
                        "2026-11-23,direct,2,2,2,1,1,0,0,1.0,0.5,1.0,0.5,0.0,")
                .endsWith("total,,2,2,3,1,1,0,0,1.0,0.3333,1.0,0.3333,0.0,");

        JsonNode velocity = JSON.readTree(send("GET", "/api/reports/velocity", null).body());
        assertThat(velocity.at("/time_in_stage/mql/count").asInt()).isEqualTo(2);
        assertThat(velocity.at("/time_in_stage/mql/median").asText()).isEqualTo("PT1H");
        assertThat(velocity.at("/time_in_stage/mql/under_way").asInt()).as("u2's second cycle").isEqualTo(1);
        assertThat(velocity.at("/time_in_stage/sal/median_hours").asDouble()).isEqualTo(1.0);
        assertThat(velocity.at("/time_in_stage/recycled/median_hours").asDouble()).isEqualTo(167.0);
        assertThat(velocity.at("/mql_to_first_touch/count").asInt()).isEqualTo(1);
        assertThat(velocity.at("/mql_to_first_touch/median").asText()).isEqualTo("PT30M");
        assertThat(velocity.at("/mql_to_first_touch/under_way").asInt()).isEqualTo(1);
        assertThat(send("GET", "/api/reports/velocity?format=csv", null).body().lines().toList())
                .contains("measure,count,median_hours,p90_hours,under_way", "mql_to_first_touch,1,0.5,0.5,1");

        HttpResponse<String> csv = send("GET", "/api/reports/funnel?format=csv&period=month", null);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body().lines().toList()).containsExactly(
                "cohort,leads,leads_to_mql,mql,sal,sql,opportunity,customer,lead_to_mql_rate,mql_to_sal_rate,"
                        + "sal_to_sql_rate,mql_to_sql_rate,sql_to_opportunity_rate,opportunity_to_customer_rate",
                "2026-11-01,2,2,2,1,1,0,0,1.0,0.5,1.0,0.5,0.0,",
                "2026-12-01,0,0,1,0,0,0,0,,0.0,,0.0,,",
                "total,2,2,3,1,1,0,0,1.0,0.3333,1.0,0.3333,0.0,");
    }

    @Test
    @DisplayName("a bad query gets a 400 naming each bad parameter")
    void badQuery() throws Exception {
        HttpResponse<String> r = send("GET", "/api/reports/funnel?period=day&tz=Mars/Olympus&from=2026-13-01&colour=red&by=shoe_size", null);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode details = JSON.readTree(r.body()).get("details");
        assertThat(details.toString()).contains("unknown parameter 'colour'", "period: 'day'", "tz: 'Mars/Olympus'",
                "from: '2026-13-01'", "by: 'shoe_size' is not one of source, medium, campaign, landing_page, grade");
    }
}
