package dev.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.Fixtures;
import dev.leadflow.TestClock;
import dev.leadflow.TestDatabase;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.Scope;
import dev.leadflow.input.Input;
import dev.leadflow.input.InputCodec;
import dev.leadflow.server.LeadflowServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("A person's data: export and erase (docs/PRIVACY.md)")
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class PrivacyTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    /** The person: values no one else in the history has, so that a scan for them finds only theirs. */
    static final String USER = "greta-9012";

    static final String COOKIE = "cookie-greta-7f3a";
    static final String EMAIL = "greta.vandersloot@quillfeather.example";
    static final String NAME = "Greta Vandersloot";
    static final String PHONE = "+49 30 5550199";
    static final String COMPANY = "Quillfeather Instruments GmbH";
    static final String NOTE = "Called Greta on her mobile about the Quillfeather tender";

    private static final String HANDOFF = """
            teams:
              - id: sales
                time_zone: UTC
                working_hours: always
                members:
                  - { id: ann, name: Ann }
            routing:
              - { name: all, team: sales }
            sla:
              accept_within: 1h
            webhooks:
              - { name: crm, url: "http://127.0.0.1:9/hook", secret: a-long-enough-secret-for-the-crm, events: [assigned, stage_changed] }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    TestDatabase kind;

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private final HttpClient http = HttpClient.newHttpClient();
    private final InputCodec codec = new InputCodec();
    private Supplier<Database> database;
    private LeadflowServer server;
    private String admin;

    @BeforeEach
    void start() throws Exception {
        database = kind.fresh(dir.resolve("data"));
        server = LeadflowServer.start(database.get(), Fixtures.exampleModel(), "127.0.0.1", 0, clock);
        admin = server.keys().create(Scope.ADMIN, 0L);
        assertThat(send("PUT", "/api/handoff", HANDOFF, admin).status()).isEqualTo(200);
        person(USER, COOKIE, NAME, EMAIL, PHONE, COMPANY, Duration.ZERO);
        person(
                "otto-1",
                "cookie-otto",
                "Otto Normal",
                "otto@acme.example",
                "+1 555 0100",
                "Acme",
                Duration.ofMinutes(1));
        clock.set(T0.plus(Duration.ofMinutes(5)));
        Answer accepted = send(
                "POST", "/api/leads/" + USER + "/actions", "{\"action\":\"accept\",\"note\":\"" + NOTE + "\"}", admin);
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** An anonymous visit to pricing from a cookie, then the form that identifies, then a demo request. */
    private void person(
            String user, String cookie, String name, String email, String phone, String company, Duration since) {
        clock.set(T0.plus(since));
        String t = clock.instant().toString();
        List<Input> records = new ArrayList<>();
        records.add(record("{\"type\":\"page\",\"messageId\":\"p-" + user + "\",\"anonymousId\":\"" + cookie
                + "\",\"name\":\"Pricing\",\"timestamp\":\"" + t + "\",\"properties\":{\"category\":\"pricing\","
                + "\"path\":\"/pricing\"},\"context\":{\"ip\":\""
                + (user.equals(USER) ? "198.51.100.23" : "203.0.113.77") + "\",\"campaign\":{\"source\":\"google\","
                + "\"medium\":\"cpc\"}}}"));
        records.add(record("{\"type\":\"identify\",\"messageId\":\"id-" + user + "\",\"userId\":\"" + user
                + "\",\"anonymousId\":\"" + cookie + "\",\"timestamp\":\"" + t + "\",\"traits\":{\"email\":\"" + email
                + "\",\"name\":\"" + name + "\",\"phone\":\"" + phone + "\",\"job\":{\"seniority\":\"vp\"},"
                + "\"company\":{\"name\":\"" + company + "\",\"employees\":400,\"industry\":\"software\"}}}"));
        records.add(record("{\"type\":\"track\",\"messageId\":\"demo-" + user + "\",\"userId\":\"" + user
                + "\",\"event\":\"demo_requested\",\"timestamp\":\"" + t + "\"}"));
        server.live().ingestEvents().ingest(records, clock.millis());
    }

    private Input record(String json) {
        return ((InputCodec.Parsed.Valid) codec.parse(json)).input();
    }

    record Answer(int status, JsonNode body) {}

    private Answer send(String method, String path, @Nullable String body, String key)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Authorization", "Bearer " + key)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private String[] storage() {
        return kind == TestDatabase.SQLITE
                ? new String[] {"--data", dir.resolve("data").toString()}
                : new String[] {"--db", server.database().describe()};
    }

    private List<JsonNode> audit(AuditLog.Action action) {
        List<JsonNode> out = new ArrayList<>();
        server.audit()
                .newestFirst(100, Long.MAX_VALUE, Optional.of(action))
                .forEach(e -> out.add(JSON.valueToTree(java.util.Map.of(
                        "actor", e.actor().who(), "from", e.actor().from(), "target", e.target()))));
        return out;
    }

    @Test
    @DisplayName("export: admins get everything held about the person, identifiers, records, notes, hand-off,"
            + " webhook deliveries; others are refused; each export is audited once")
    void export() throws Exception {
        assertThat(send(
                                "GET",
                                "/api/leads/" + USER + "/export",
                                null,
                                server.keys().create(Scope.ACT, 0L))
                        .status())
                .isEqualTo(403);
        assertThat(send("GET", "/api/leads/nobody/export", null, admin).status())
                .isEqualTo(404);
        Answer export = send("GET", "/api/leads/" + USER + "/export", null, admin);
        assertThat(export.status()).isEqualTo(200);
        JsonNode doc = export.body();
        assertThat(doc.get("format").asText()).isEqualTo("leadflow.export/1");
        assertThat(doc.at("/identifiers/user_ids").toString()).isEqualTo("[\"" + USER + "\"]");
        assertThat(doc.at("/identifiers/anonymous_ids").toString()).isEqualTo("[\"" + COOKIE + "\"]");
        assertThat(doc.at("/lead/lead").asText()).isEqualTo(USER);
        assertThat(doc.at("/lead/profile/email").asText()).isEqualTo(EMAIL);
        assertThat(doc.at("/lead/profile/phone").asText()).isEqualTo(PHONE);
        String text = doc.toString();
        assertThat(text).contains(NOTE, COMPANY, "198.51.100.23").doesNotContain("otto");
        List<String> kinds = new ArrayList<>();
        doc.at("/lead/timeline").forEach(e -> kinds.add(e.get("kind").asText()));
        assertThat(kinds).contains("record", "transition", "handoff");
        assertThat(doc.at("/lead/handoff_events").toString()).contains("assigned");
        JsonNode deliveries = doc.get("webhook_deliveries");
        assertThat(deliveries).isNotEmpty();
        deliveries.forEach(d -> {
            assertThat(d.get("lead").asText()).isEqualTo(USER);
            assertThat(d.at("/body/lead/id").asText()).isEqualTo(USER);
        });
        assertThat(audit(AuditLog.Action.LEAD_EXPORTED)).hasSize(1);
        assertThat(audit(AuditLog.Action.LEAD_EXPORTED).getFirst().get("target").asText())
                .isEqualTo(USER);

        Path file = dir.resolve("greta.json");
        List<String> args = new ArrayList<>(List.of("privacy", "export", "--lead", USER, "--out", file.toString()));
        args.addAll(List.of(storage()));
        CliTest.Run run = CliTest.run(args.toArray());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode fromCli = JSON.readTree(Files.readString(file));
        assertThat(fromCli.get("identifiers")).isEqualTo(doc.get("identifiers"));
        assertThat(fromCli.at("/lead/timeline")).isEqualTo(doc.at("/lead/timeline"));
        assertThat(fromCli.get("webhook_deliveries").size()).isEqualTo(deliveries.size());
        List<JsonNode> exports = audit(AuditLog.Action.LEAD_EXPORTED);
        assertThat(exports).hasSize(2);
        assertThat(exports.getFirst().get("from").asText()).isEqualTo("cli");

        List<String> unknown = new ArrayList<>(List.of("privacy", "export", "--lead", "nobody"));
        unknown.addAll(List.of(storage()));
        CliTest.Run missing = CliTest.run(unknown.toArray());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("unknown lead 'nobody'");
    }

    /** The strings of the person that an erasure must leave nowhere. */
    private static final List<String> PERSONAL =
            List.of(USER, COOKIE, EMAIL, NAME, PHONE, COMPANY, NOTE, "198.51.100.23", "Vandersloot", "quillfeather");

    /** What the reports and a backtest of the model in force say, and the person's lead without its ids. */
    private String aggregates() throws Exception {
        StringBuilder out = new StringBuilder();
        for (String report : List.of("funnel?period=month", "velocity", "handoff")) {
            Answer a = send("GET", "/api/reports/" + report, null, admin);
            assertThat(a.status()).as(report).isEqualTo(200);
            out.append(a.body()).append('\n');
        }
        Answer backtest =
                send("POST", "/api/model/backtest", Files.readString(Fixtures.EXAMPLES.resolve("model.yaml")), admin);
        assertThat(backtest.status()).as(backtest.body().toString()).isEqualTo(200);
        out.append(backtest.body());
        return out.toString();
    }

    /** The lead as the API shows it, without what names the person: stages, instants, scores and reasons. */
    private JsonNode path(String leadId) throws Exception {
        JsonNode lead = send("GET", "/api/leads/" + leadId, null, admin).body();
        com.fasterxml.jackson.databind.node.ObjectNode kept = JSON.createObjectNode();
        for (String field : List.of("stage", "fit", "engagement", "grade", "cycle", "mql_at", "transitions", "owner")) {
            kept.set(field, lead.get(field));
        }
        List<String> rules = new ArrayList<>();
        lead.get("ledger")
                .forEach(e -> rules.add(e.get("rule").asText() + " "
                        + e.get("points").asDouble() + " " + e.get("at").asText()));
        kept.set("ledger", JSON.valueToTree(rules));
        ((com.fasterxml.jackson.databind.node.ArrayNode) kept.get("transitions"))
                .forEach(t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t).remove("actor"));
        return kept;
    }

    /** Every stored byte (SQLite: the file and its write-ahead log) or every row (PostgreSQL), as text. */
    private String everythingStored() throws Exception {
        if (kind == TestDatabase.SQLITE) {
            StringBuilder out = new StringBuilder();
            for (String file : List.of("leadflow.db", "leadflow.db-wal")) {
                Path f = dir.resolve("data").resolve(file);
                if (Files.exists(f)) {
                    out.append(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
            return out.toString();
        }
        StringBuilder out = new StringBuilder();
        try (var c = server.database().dataSource().getConnection();
                var s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (var rs =
                    s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("record_chunks", "handoff_events", "webhook_outbox", "audit_log");
            for (String table : tables) {
                try (var rs = s.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rs.next()) {
                        out.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    private void assertNowhere(String where, String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (String personal : PERSONAL) {
            int at = lower.indexOf(personal.toLowerCase(java.util.Locale.ROOT));
            assertThat(at)
                    .as(() -> personal + " in " + where + ": …"
                            + text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 200))
                                    .replaceAll("[^\\x20-\\x7e]", ".")
                            + "…")
                    .isEqualTo(-1);
        }
    }

    @Test
    @DisplayName("erase: the person's data is gone from the database, exports, replays and the API; a pseudonymous"
            + " lead keeps the stages, scores and reasons, so reports and a backtest are unchanged, after a restart"
            + " too; twice is harmless; the old id starts a new person; erased ids are refused")
    void erase() throws Exception {
        assertThat(send("GET", "/api/leads/" + USER + "/export", null, admin).status())
                .isEqualTo(200);
        String before = aggregates();
        JsonNode pathBefore = path(USER);
        assertThat(everythingStored()).contains(EMAIL, NOTE, COMPANY);

        assertThat(send(
                                "POST",
                                "/api/leads/" + USER + "/erase",
                                "{\"reason\":\"GDPR\"}",
                                server.keys().create(Scope.ACT, 0L))
                        .status())
                .isEqualTo(403);
        Answer noReason = send("POST", "/api/leads/" + USER + "/erase", "{}", admin);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body().get("error").asText()).startsWith("reason: required");
        Answer erased = send("POST", "/api/leads/" + USER + "/erase", "{\"reason\":\"GDPR request 2026-14\"}", admin);
        assertThat(erased.status()).as(erased.body().toString()).isEqualTo(200);
        String pseudonym = erased.body().get("lead").asText();
        assertThat(pseudonym).startsWith("erased:");
        assertThat(erased.body().get("records").asInt()).isEqualTo(4);
        assertThat(erased.body().get("unmatched")).isEmpty();

        assertThat(send("GET", "/api/leads/" + USER, null, admin).status()).isEqualTo(404);
        assertThat(path(pseudonym)).isEqualTo(pathBefore);
        assertThat(aggregates()).isEqualTo(before);
        assertNowhere("the database", everythingStored());
        Answer export = send("GET", "/api/leads/" + pseudonym + "/export", null, admin);
        assertThat(export.status()).isEqualTo(200);
        assertNowhere("the pseudonym's export", export.body().toString());
        assertNowhere(
                "the lead list",
                send("GET", "/api/leads?limit=500", null, admin).body().toString());
        assertNowhere(
                "the webhook deliveries",
                send("GET", "/api/webhooks/deliveries?state=pending", null, admin)
                        .body()
                        .toString());
        assertNowhere(
                "the audit log", send("GET", "/api/audit", null, admin).body().toString());
        List<JsonNode> erasures = audit(AuditLog.Action.LEAD_ERASED);
        assertThat(erasures).hasSize(1);
        assertThat(erasures.getFirst().get("target").asText()).isEqualTo(pseudonym);
        assertThat(audit(AuditLog.Action.LEAD_EXPORTED))
                .allSatisfy(e -> assertThat(e.get("target").asText()).isIn(pseudonym));

        // twice is harmless; the old id is unknown now
        Answer again = send("POST", "/api/leads/" + pseudonym + "/erase", "{\"reason\":\"again\"}", admin);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("already_erased").asBoolean()).isTrue();
        assertThat(send("POST", "/api/leads/" + USER + "/erase", "{\"reason\":\"again\"}", admin)
                        .status())
                .isEqualTo(404);
        assertThat(audit(AuditLog.Action.LEAD_ERASED)).hasSize(1);

        // a restart changes nothing
        server.close();
        server = LeadflowServer.start(database.get(), Fixtures.exampleModel(), "127.0.0.1", 0, clock);
        assertThat(path(pseudonym)).isEqualTo(pathBefore);
        assertThat(aggregates()).isEqualTo(before);
        assertNowhere("the database after a restart", everythingStored());

        // the stored history exported and replayed shows the pseudonym, not the person
        Path exported = dir.resolve("history.jsonl");
        List<String> args = new ArrayList<>(List.of("export", "--out", exported.toString()));
        args.addAll(List.of(storage()));
        assertThat(CliTest.run(args.toArray()).exit()).isZero();
        assertNowhere("the exported history", Files.readString(exported));
        CliTest.Run replay = CliTest.run(
                "replay",
                "--model",
                Fixtures.EXAMPLES.resolve("model.yaml"),
                "--events",
                exported,
                "--at",
                clock.instant());
        assertThat(replay.exit()).as(replay.err()).isZero();
        assertNowhere("the replay", replay.out());
        assertThat(replay.out()).contains("\"lead\":\"" + pseudonym + "\"");

        // later records of the erased identifier start a new person; erased ids take no records
        String write = server.keys().create(Scope.WRITE, 0L);
        HttpResponse<String> refused = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/identify"))
                        .header(
                                "Authorization",
                                "Basic "
                                        + java.util.Base64.getEncoder()
                                                .encodeToString((write + ":")
                                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"userId\":\"" + pseudonym + "\",\"traits\":{\"name\":\"x\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("name erased people");
        person(USER, "cookie-new", NAME, EMAIL, PHONE, COMPANY, Duration.ofMinutes(30));
        JsonNode fresh = send("GET", "/api/leads/" + USER, null, admin).body();
        assertThat(fresh.get("cycle").asInt()).isEqualTo(1);
        assertThat(fresh.get("timeline").size()).as("only the new records").isLessThan(10);
        assertThat(path(pseudonym).get("transitions"))
                .as("the erased lead keeps its path (its engagement decays on)")
                .isEqualTo(pathBefore.get("transitions"));
        Answer qualified = send("POST", "/api/leads/" + pseudonym + "/actions", "{\"action\":\"qualify\"}", admin);
        assertThat(qualified.status())
                .as("sales go on with the pseudonymous lead")
                .isEqualTo(200);
        assertThat(qualified.body().get("stage").asText()).isEqualTo("sql");
    }

    @Test
    @DisplayName(
            "privacy erase: refused beside a running server; with it stopped, erases as the API does, audited once")
    void eraseByCommand() throws Exception {
        String before = aggregates();
        JsonNode pathBefore = path(USER);
        List<String> args = new ArrayList<>(List.of("privacy", "erase", "--lead", USER, "--reason", "GDPR request 7"));
        args.addAll(List.of(storage()));
        CliTest.Run busy = CliTest.run(args.toArray());
        assertThat(busy.exit()).isEqualTo(2);
        assertThat(busy.err()).contains("another Leadflow process is writing");
        server.close();
        CliTest.Run run = CliTest.run(args.toArray());
        assertThat(run.exit()).as(run.err()).isZero();
        String pseudonym = run.out().replaceAll("(?s).*now (erased:[^ ]+) .*", "$1");
        assertThat(pseudonym).startsWith("erased:");
        server = LeadflowServer.start(database.get(), Fixtures.exampleModel(), "127.0.0.1", 0, clock);
        assertThat(send("GET", "/api/leads/" + USER, null, admin).status()).isEqualTo(404);
        assertThat(path(pseudonym)).isEqualTo(pathBefore);
        assertThat(aggregates()).isEqualTo(before);
        assertNowhere("the database", everythingStored());
        List<JsonNode> erasures = audit(AuditLog.Action.LEAD_ERASED);
        assertThat(erasures).hasSize(1);
        assertThat(erasures.getFirst().get("from").asText()).isEqualTo("cli");
    }

    @Test
    @DisplayName("lead_erased: each subscribed webhook is told the pseudonym and the ids to erase")
    void erasedNotice() throws Exception {
        java.util.concurrent.BlockingQueue<JsonNode> notices = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer receiver =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/erase", exchange -> {
            notices.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String withPrivacy = HANDOFF + "  - { name: privacy, url: \"http://127.0.0.1:"
                    + receiver.getAddress().getPort()
                    + "/erase\", secret: another-long-enough-secret-here, events: [lead_erased] }\n";
            assertThat(send("PUT", "/api/handoff", withPrivacy, admin).status()).isEqualTo(200);
            Answer erased = send("POST", "/api/leads/" + USER + "/erase", "{\"reason\":\"GDPR\"}", admin);
            assertThat(erased.status()).isEqualTo(200);
            JsonNode notice = notices.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(notice).as("a lead_erased notice within 30 s").isNotNull();
            assertThat(notice.get("type").asText()).isEqualTo("lead_erased");
            assertThat(notice.at("/lead/id").asText())
                    .isEqualTo(erased.body().get("lead").asText());
            assertThat(notice.at("/erased/user_ids").toString()).isEqualTo("[\"" + USER + "\"]");
            assertThat(notice.at("/erased/anonymous_ids").toString()).isEqualTo("[\"" + COOKIE + "\"]");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    @DisplayName("retention: events older than raw_events lose their payloads (context, URLs) but not their"
            + " scores; the reports count as before; a second run changes nothing; a bad setting is refused")
    void retention() throws Exception {
        Answer tooShort = send("PUT", "/api/handoff", HANDOFF + "retention: { raw_events: 2h }\n", admin);
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body().toString()).contains("retention.raw_events", "at least 1d");
        assertThat(send("PUT", "/api/handoff", HANDOFF + "retention: { raw_events: 30d }\n", admin)
                        .status())
                .isEqualTo(200);
        clock.set(T0.plus(Duration.ofDays(40)));
        server.live().fireTimers().fireDue(clock.millis()); // the SLA breaches due meanwhile, before the figures
        String before = aggregates();
        JsonNode pathBefore = path(USER);
        assertThat(everythingStored()).contains("198.51.100.23", "203.0.113.77");

        var result = server.live().retainRawEvents().run(clock.millis()).orElseThrow();
        assertThat(result.events())
                .as("the two pricing pages; the demo requests carry nothing")
                .isEqualTo(2);
        assertThat(aggregates()).isEqualTo(before);
        assertThat(path(USER)).isEqualTo(pathBefore);
        String stored = everythingStored();
        assertThat(stored).doesNotContain("198.51.100.23", "203.0.113.77").contains(EMAIL, NOTE);
        assertThat(server.live()
                        .retainRawEvents()
                        .run(clock.millis())
                        .orElseThrow()
                        .events())
                .isZero();
    }
}
