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

@DisplayName("A person's data: export (docs/PRIVACY.md)")
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
                + "\"path\":\"/pricing\"},\"context\":{\"ip\":\"198.51.100.23\",\"campaign\":{\"source\":\"google\","
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
}
