package dev.leadflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.leadflow.Fixtures;
import dev.leadflow.TestClock;
import dev.leadflow.TestDatabase;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.webhook.WebhookSignature;
import dev.leadflow.app.port.Scope;
import dev.leadflow.input.Input;
import dev.leadflow.input.InputCodec;
import dev.leadflow.server.LeadflowServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName(
        "The hand-off, end to end: configuration, routing, SLA clocks, escalation, nurture, signed webhooks, restarts")
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class HandoffApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "receiver-secret-0123456789";
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Parameter
    TestDatabase kind;

    @TempDir
    Path dir;

    private Supplier<Database> database;
    private final TestClock clock = new TestClock(T0);
    private LeadflowServer server;
    private HttpServer receiver;
    private String admin;
    private final BlockingQueue<JsonNode> notices = new LinkedBlockingQueue<>();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final InputCodec codec = new InputCodec();

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
            // the test moves the clock by hours while deliveries run, so the replay window is a day here
            // (WebhookSignatureTest tests the window)
            if (WebhookSignature.verify(SECRET, signature, body, clock.instant().getEpochSecond(), 86_400)) {
                JsonNode n = JSON.readTree(body);
                assertThat(n.get("id").asText())
                        .isEqualTo(exchange.getRequestHeaders().getFirst("Leadflow-Delivery"));
                notices.add(n);
                exchange.sendResponseHeaders(204, -1);
            } else {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
            }
            exchange.close();
        });
        receiver.start();
        database = kind.fresh(dir);
        server = LeadflowServer.start(database.get(), Fixtures.exampleModel(), "127.0.0.1", 0, clock);
        assertThat(server.database().describe())
                .startsWith(kind == TestDatabase.SQLITE ? "jdbc:sqlite" : "jdbc:postgresql");
        admin = server.keys().create(Scope.ADMIN, 0L);
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.stop(0);
    }

    private String config() {
        return """
                teams:
                  - id: sales
                    time_zone: UTC
                    working_hours: always
                    members:
                      - { id: ann, name: Ann }
                      - { id: bob, name: Bob }
                routing:
                  - { name: all, team: sales }
                sla:
                  accept_within: 1h
                  first_touch_within: 2h
                  warn_at: 0.5
                  escalation:
                    - { action: notify }
                    - { action: reassign, after: 30m }
                    - { action: recycle, after: 2h }
                webhooks:
                  - { name: crm, url: "http://127.0.0.1:%d/hook", secret: %s }
                nurture:
                  - { track: education, reasons: [premature] }
                  - { track: sla-returns, reasons: [sla_breach] }
                """.formatted(receiver.getAddress().getPort(), SECRET);
    }

    record Answer(int status, JsonNode body) {}

    private Answer send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + admin)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()));
    }

    private Input record(String json) {
        return ((InputCodec.Parsed.Valid) codec.parse(json)).input();
    }

    /** Moves the clock and fires what fell due, as the server's timer thread does every second. */
    private void at(Duration sinceT0) {
        clock.set(T0.plus(sinceT0));
        server.live().fireTimers().fireDue(clock.millis());
    }

    private void demoRequest(String user, Duration sinceT0) {
        clock.set(T0.plus(sinceT0));
        String t = clock.instant().toString();
        server.live()
                .ingestEvents()
                .ingest(
                        List.of(
                                record("{\"type\":\"identify\",\"messageId\":\"id-" + user + "\",\"userId\":\"" + user
                                        + "\",\"timestamp\":\"" + t + "\",\"traits\":{\"email\":\"" + user
                                        + "@acme.example\"}}"),
                                record("{\"type\":\"track\",\"messageId\":\"demo-" + user + "\",\"userId\":\"" + user
                                        + "\",\"event\":\"demo_requested\",\"timestamp\":\"" + t + "\"}")),
                        clock.millis());
    }

    private List<String> eventTypes(String lead) throws Exception {
        List<String> types = new ArrayList<>();
        send("GET", "/api/leads/" + lead, null)
                .body()
                .get("handoff_events")
                .forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    @Test
    @DisplayName("routes hand-raisers in turn, runs and stops the clocks, escalates (notify, reassign, recycle) into "
            + "nurture, survives a restart without firing twice, and tells a real receiver, signed")
    void endToEnd() throws Exception {
        Answer put = send("PUT", "/api/handoff", config());
        assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
        assertThat(put.body().get("version").asInt()).isEqualTo(1);
        assertThat(put.body().at("/config/webhooks/0/secret").asText()).isEqualTo("<redacted>");
        assertThat(send("GET", "/api/handoff", null).body().toString()).doesNotContain(SECRET);

        demoRequest("u1", Duration.ZERO);
        demoRequest("u2", Duration.ofMinutes(1));
        JsonNode u1 = send("GET", "/api/leads/u1", null).body();
        assertThat(u1.get("stage").asText()).isEqualTo("mql");
        assertThat(u1.get("owner").asText()).isEqualTo("ann");
        assertThat(u1.at("/handoff/accept/due").asText()).isEqualTo("2026-11-23T11:00:00.000Z");
        assertThat(u1.at("/handoff/first_touch/due").asText()).isEqualTo("2026-11-23T12:00:00.000Z");
        JsonNode assigned = u1.get("handoff_events").get(0);
        assertThat(assigned.get("type").asText()).isEqualTo("assigned");
        assertThat(assigned.get("rule").asText()).isEqualTo("all");
        assertThat(assigned.get("strategy").asText()).isEqualTo("round_robin");
        assertThat(send("GET", "/api/leads/u2", null).body().get("owner").asText())
                .isEqualTo("bob");
        JsonNode queue = send("GET", "/api/queue?owner=ann", null).body();
        assertThat(queue.get("leads")).extracting(n -> n.get("id").asText()).containsExactly("u1");
        assertThat(queue.at("/leads/0/hand_raiser").asBoolean()).isTrue();
        assertThat(queue.at("/leads/0/why")).isNotEmpty();
        JsonNode first = send("GET", "/api/queue?limit=1", null).body();
        assertThat(first.get("total").asInt()).as("everyone's queue").isEqualTo(2);
        assertThat(first.get("leads")).extracting(n -> n.get("id").asText()).containsExactly("u1");
        assertThat(send("GET", "/api/queue?limit=1&offset=1", null).body().get("leads"))
                .extracting(n -> n.get("id").asText())
                .containsExactly("u2");
        assertThat(send("GET", "/api/queue?offset=2", null).body().get("leads")).isEmpty();
        Answer bad = send("GET", "/api/queue?limit=0&offset=x&top=51", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("details"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "top: must be between 0 and 50, got 51",
                        "limit: must be between 1 and 500, got 0",
                        "offset: expected a whole number, got 'x'");

        // u2: bob calls, then accepts: both of u2's clocks stop
        clock.set(T0.plus(Duration.ofMinutes(10)));
        Answer touch = send("POST", "/api/leads/u2/actions", "{\"action\":\"touch\",\"channel\":\"phone\"}");
        assertThat(touch.status()).as(touch.body().toString()).isEqualTo(200);
        assertThat(touch.body().at("/handoff/first_touch/state").asText()).isEqualTo("kept");
        assertThat(send("POST", "/api/leads/u2/actions", "{\"action\":\"accept\"}")
                        .body()
                        .get("stage")
                        .asText())
                .isEqualTo("sal");
        assertThat(send("POST", "/api/leads/u2/actions", "{\"action\":\"touch\",\"channel\":\"pigeon\"}")
                        .status())
                .isEqualTo(400);

        // u1 is never accepted: warning at 30m, breach at 1h (notify), reassigned to bob at 1h30
        at(Duration.ofMinutes(59));
        assertThat(eventTypes("u1")).containsExactly("assigned", "sla_warning");
        at(Duration.ofMinutes(91));
        assertThat(eventTypes("u1"))
                .containsExactly("assigned", "sla_warning", "sla_breached", "sla_warning", "assigned");
        u1 = send("GET", "/api/leads/u1", null).body();
        assertThat(u1.get("owner").asText()).isEqualTo("bob");
        assertThat(u1.at("/handoff_events/4/by").asText()).isEqualTo("sla_breach");
        assertThat(u1.at("/handoff_events/4/skipped/0/member").asText()).isEqualTo("ann");

        // by hand, back to ann; then a restart: the same owner, clocks and events, nothing fired twice
        Answer manual = send("POST", "/api/leads/u1/assign", "{\"owner\":\"ann\"}");
        assertThat(manual.status()).as(manual.body().toString()).isEqualTo(200);
        assertThat(send("POST", "/api/leads/u1/assign", "{\"owner\":\"zoe\"}").status())
                .isEqualTo(400);
        assertThat(send("POST", "/api/leads/nobody/assign", "{\"owner\":\"ann\"}")
                        .status())
                .isEqualTo(404);
        JsonNode before = send("GET", "/api/leads/u1", null).body();
        server.close();
        server = LeadflowServer.start(database.get(), Fixtures.exampleModel(), "127.0.0.1", 0, clock);
        at(Duration.ofMinutes(91));
        JsonNode after = send("GET", "/api/leads/u1", null).body();
        assertThat(after.get("handoff")).isEqualTo(before.get("handoff"));
        assertThat(after.get("handoff_events")).isEqualTo(before.get("handoff_events"));

        // ann does nothing either: breach, reassign (to bob), then recycle, into the sla-returns track
        at(Duration.ofHours(12));
        u1 = send("GET", "/api/leads/u1", null).body();
        assertThat(u1.get("stage").asText()).isEqualTo("recycled");
        assertThat(u1.at("/handoff/nurture_track").asText()).isEqualTo("sla-returns");
        assertThat(u1.get("owner").isNull()).isTrue();
        assertThat(eventTypes("u1")).endsWith("recycle_requested", "nurture_entered");
        assertThat(send("GET", "/api/queue?owner=ann", null).body().get("leads"))
                .isEmpty();

        // the receiver got every kind of notice, signed, each delivery once
        Set<String> types = new HashSet<>();
        Set<String> ids = new HashSet<>();
        while (!types.containsAll(
                Set.of("assigned", "sla_warning", "sla_breached", "stage_changed", "nurture_entered"))) {
            JsonNode n = notices.poll(30, TimeUnit.SECONDS);
            assertThat(n).as("a notice within 30 s; got " + types).isNotNull();
            types.add(n.get("type").asText());
            assertThat(ids.add(n.get("id").asText())).as("delivered once").isTrue();
            assertThat(n.at("/lead/id").asText()).isIn("u1", "u2");
        }
        assertThat(badSignatures).hasValue(0);
        JsonNode delivered =
                send("GET", "/api/webhooks/deliveries?state=delivered", null).body();
        assertThat(delivered.get("deliveries")).isNotEmpty();
        String id = delivered.at("/deliveries/0/id").asText();
        JsonNode one = send("GET", "/api/webhooks/deliveries/" + id, null).body();
        assertThat(one.at("/attempts/0/status").asInt()).isEqualTo(204);
        assertThat(send("POST", "/api/webhooks/deliveries/" + id + "/redeliver", null)
                        .status())
                .isEqualTo(202);
        assertThat(send("POST", "/api/webhooks/deliveries/nope/redeliver", null).status())
                .isEqualTo(404);
        JsonNode redelivered =
                send("GET", "/api/audit?action=webhook.redelivered", null).body();
        assertThat(redelivered.get("entries")).as("the redelivery, once").hasSize(1);
        assertThat(redelivered.at("/entries/0/target").asText()).isEqualTo(id);
    }

    @Test
    @DisplayName("an invalid configuration is refused whole with every error by path; the one in force stays")
    void invalid() throws Exception {
        assertThat(send("PUT", "/api/handoff", config()).status()).isEqualTo(200);
        Answer bad = send("PUT", "/api/handoff", """
                teams:
                  - { id: sales, timezone: UTC, members: [ { id: ann } ] }
                routing:
                  - { name: all, team: seles }
                """);
        assertThat(bad.status()).isEqualTo(400);
        List<String> paths = new ArrayList<>();
        bad.body().get("details").forEach(d -> paths.add(d.get("path").asText()));
        assertThat(paths).contains("teams[0].timezone", "routing[0].team");
        assertThat(send("GET", "/api/handoff", null).body().get("version").asInt())
                .isEqualTo(1);
        // sending the redacted secret back keeps it
        String redacted = send("GET", "/api/handoff", null).body().get("config").toString();
        assertThat(redacted).contains("<redacted>").doesNotContain(SECRET);
        assertThat(send("PUT", "/api/handoff", redacted).status()).isEqualTo(200);
        assertThat(server.live()
                        .configureHandoff()
                        .current()
                        .config()
                        .webhooks()
                        .getFirst()
                        .secret())
                .isEqualTo(SECRET);
    }

    @Test
    @DisplayName("an empty configuration (no body, null, ~, ---, a comment) is refused; the teams in force stay")
    void empty() throws Exception {
        assertThat(send("PUT", "/api/handoff", config()).status()).isEqualTo(200);
        for (String text : new String[] {null, "", "null", "~", "---", "# nothing yet\n"}) {
            Answer bad = send("PUT", "/api/handoff", text);
            assertThat(bad.status()).as("'%s'", text).isEqualTo(400);
            assertThat(bad.body().at("/details/0/message").asText())
                    .as("'%s'", text)
                    .isEqualTo("the configuration is empty; to run with no teams, send 'teams: []'");
        }
        assertThat(send("GET", "/api/handoff", null).body().get("version").asInt())
                .isEqualTo(1);
        assertThat(server.live().configureHandoff().current().config().teams()).isNotEmpty();
        assertThat(send("PUT", "/api/handoff", "teams: []").status()).isEqualTo(200);
        assertThat(server.live().configureHandoff().current().config().teams()).isEmpty();
    }

    @Test
    @DisplayName("score_crossed is told when a record takes a score across a threshold, up or down, and only then")
    void scoreCrossed() throws Exception {
        String config = """
                teams:
                  - { id: sales, time_zone: UTC, working_hours: always, members: [ { id: ann } ] }
                routing:
                  - { name: all, team: sales }
                webhooks:
                  - { name: crm, url: "http://127.0.0.1:%d/hook", secret: %s, events: [score_crossed] }
                score_thresholds: { engagement: [20, 100] }
                """.formatted(receiver.getAddress().getPort(), SECRET);
        assertThat(send("PUT", "/api/handoff", config).status()).isEqualTo(200);
        String bofu = ",\"event\":\"content_downloaded\",\"properties\":{\"funnel_stage\":\"bofu\"}";
        track("u3", "c1", Duration.ZERO, bofu); // 15: below 20
        assertThat(eventTypes("u3")).isEmpty();
        track("u3", "c2", Duration.ofMinutes(1), bofu); // 30: up across 20
        track("u3", "c3", Duration.ofMinutes(2), ",\"event\":\"page\""); // no points: no notice
        track("u3", "c4", Duration.ofMinutes(3), ",\"event\":\"unsubscribed\""); // 10: down across 20

        JsonNode events = send("GET", "/api/leads/u3", null).body().get("handoff_events");
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("score_crossed", "score_crossed");
        assertThat(events.get(0).get("score").asText()).isEqualTo("engagement");
        assertThat(events.get(0).get("threshold").asDouble()).isEqualTo(20.0);
        assertThat(events.get(0).get("direction").asText()).isEqualTo("up");
        assertThat(events.get(0).get("before").asDouble()).isCloseTo(15.0, within(0.01));
        assertThat(events.get(0).get("after").asDouble()).isCloseTo(30.0, within(0.01));
        assertThat(events.get(1).get("direction").asText()).isEqualTo("down");
        assertThat(events.get(1).get("after").asDouble()).isCloseTo(10.0, within(0.01));

        List<String> told = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JsonNode n = notices.poll(30, TimeUnit.SECONDS);
            assertThat(n).as("a notice within 30 s").isNotNull();
            assertThat(n.get("type").asText()).isEqualTo("score_crossed");
            assertThat(n.at("/lead/id").asText()).isEqualTo("u3");
            told.add(n.at("/cause/direction").asText());
        }
        assertThat(told).containsExactlyInAnyOrder("up", "down");
        assertThat(badSignatures).hasValue(0);
    }

    @Test
    @DisplayName(
            "a lead merged into another (an alias to a CRM id) keeps its owner, clocks, queue place and events under its new id")
    void merged() throws Exception {
        assertThat(send("PUT", "/api/handoff", config()).status()).isEqualTo(200);
        demoRequest("u9", Duration.ZERO);
        assertThat(send("GET", "/api/leads/u9", null).body().get("owner").asText())
                .isEqualTo("ann");
        clock.set(T0.plus(Duration.ofMinutes(5)));
        server.live()
                .ingestEvents()
                .ingest(
                        List.of(record("{\"type\":\"alias\",\"messageId\":\"al-9\",\"previousId\":\"u9\","
                                + "\"userId\":\"crm-9\",\"timestamp\":\"" + clock.instant() + "\"}")),
                        clock.millis());

        JsonNode lead = send("GET", "/api/leads/crm-9", null).body();
        assertThat(lead.get("stage").asText()).isEqualTo("mql");
        assertThat(lead.get("owner").asText()).isEqualTo("ann");
        assertThat(lead.at("/handoff/accept/due").asText()).isEqualTo("2026-11-23T11:00:00.000Z");
        assertThat(eventTypes("crm-9")).containsExactly("assigned");
        assertThat(send("GET", "/api/queue?owner=ann", null).body().get("leads"))
                .extracting(n -> n.get("id").asText())
                .containsExactly("crm-9");
        at(Duration.ofMinutes(31));
        assertThat(eventTypes("crm-9"))
                .as("its clocks run on under the new id")
                .containsExactly("assigned", "sla_warning");

        server.close(); // and the journal gives the same back
        server = LeadflowServer.start(database.get(), Fixtures.exampleModel(), "127.0.0.1", 0, clock);
        assertThat(send("GET", "/api/queue?owner=ann", null).body().get("leads"))
                .extracting(n -> n.get("id").asText())
                .containsExactly("crm-9");
    }

    @Test
    @DisplayName("a late record that made a lead an MQL in the past is routed all the same, at that instant")
    void lateMql() throws Exception {
        assertThat(send("PUT", "/api/handoff", config()).status()).isEqualTo(200);
        clock.set(T0.plus(Duration.ofMinutes(20)));
        server.live()
                .ingestEvents()
                .ingest(
                        List.of(record(
                                "{\"type\":\"identify\",\"messageId\":\"id-u6\",\"userId\":\"u6\"," + "\"timestamp\":\""
                                        + clock.instant() + "\",\"traits\":{\"email\":\"u6@acme.example\"}}")),
                        clock.millis());
        track(
                "u6",
                "dl-u6",
                Duration.ofMinutes(25),
                ",\"event\":\"content_downloaded\",\"properties\":{\"funnel_stage\":\"bofu\"}");
        JsonNode before = send("GET", "/api/leads/u6", null).body();
        assertThat(before.get("stage").asText()).isEqualTo("lead");
        assertThat(before.get("owner").isNull()).isTrue();
        server.live()
                .ingestEvents()
                .ingest(
                        List.of(record("{\"type\":\"track\",\"messageId\":\"late-demo\",\"userId\":\"u6\","
                                + "\"event\":\"demo_requested\",\"timestamp\":\"" + T0 + "\"}")),
                        clock.millis()); // happened at T0

        JsonNode lead = send("GET", "/api/leads/u6", null).body();
        assertThat(lead.get("stage").asText()).isEqualTo("mql");
        assertThat(lead.get("owner").asText()).isEqualTo("ann");
        assertThat(lead.at("/handoff_events/0/type").asText()).isEqualTo("assigned");
        assertThat(lead.at("/handoff_events/0/at").asText()).isEqualTo(T0.toString());
        assertThat(lead.at("/handoff/accept/due").asText()).isEqualTo("2026-11-23T11:00:00.000Z");
    }

    private void track(String user, String messageId, Duration sinceT0, String rest) {
        clock.set(T0.plus(sinceT0));
        server.live()
                .ingestEvents()
                .ingest(
                        List.of(record("{\"type\":\"track\",\"messageId\":\"" + messageId + "\",\"userId\":\"" + user
                                + "\",\"timestamp\":\"" + clock.instant() + "\"" + rest + "}")),
                        clock.millis());
    }
}
