package dev.leadflow.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.TestClock;
import dev.leadflow.TestDatabase;
import dev.leadflow.adapter.jdbc.UserStore;
import dev.leadflow.app.port.Scope;
import dev.leadflow.app.port.Users;
import dev.leadflow.input.Input;
import dev.leadflow.input.InputCodec;
import dev.leadflow.server.LeadflowServer;
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

/**
 * A server for the dashboard's tests: two sales reps (ann, bob) sharing a team by round robin, an
 * admin, a marketing user, and four hand-raisers from two sources, handed off u1, u3 to ann and
 * u2, u4 to bob.
 */
final class DashboardFixture implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final String PASSWORD = "correct horse battery";
    static final String HANDOFF = """
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
            nurture:
              - { track: education, reasons: [premature] }
            """;

    final TestClock clock = new TestClock(T0);
    final LeadflowServer server;
    final String adminKey;
    private final InputCodec codec = new InputCodec();

    DashboardFixture(Path dir) throws Exception {
        // Its clock stands still, so the limit on strangers' password checks would never refill: the
        // tests sign in many browsers, and PasswordChecksTest tests the limit itself.
        server = LeadflowServer.start(
                TestDatabase.SQLITE.fresh(dir).get(),
                Fixtures.exampleModel(),
                "127.0.0.1",
                0,
                clock,
                new LoginLimits(1, 1_000_000));
        adminKey = server.keys().create(Scope.ADMIN, 0L);
        server.models()
                .publish(
                        Fixtures.exampleModel().id(),
                        Files.readString(Fixtures.EXAMPLES.resolve("model.yaml")),
                        T0.toEpochMilli(),
                        "test");
        UserStore users = server.users();
        users.create("ada", PASSWORD.toCharArray(), Users.Role.ADMIN, null, 0L);
        users.create("mia", PASSWORD.toCharArray(), Users.Role.MARKETING, null, 0L);
        users.create("ann", PASSWORD.toCharArray(), Users.Role.SALES, null, 0L);
        users.create("bob", PASSWORD.toCharArray(), Users.Role.SALES, null, 0L);
        HttpResponse<String> put = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url("/api/handoff")))
                                .header("Authorization", "Bearer " + adminKey)
                                .PUT(HttpRequest.BodyPublishers.ofString(HANDOFF))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        handRaiser("u1", "Una Able", "google", Duration.ZERO);
        handRaiser("u2", "Ugo Baker", "linkedin", Duration.ofMinutes(1));
        handRaiser("u3", "Ute Cole", "google", Duration.ofMinutes(2));
        handRaiser("u4", "Uri Dunn", "linkedin", Duration.ofMinutes(3));
        clock.set(T0.plus(Duration.ofMinutes(10)));
        server.live().fireTimers().fireDue(clock.millis());
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** A visitor from {@code source} who reads the pricing page, identifies and asks for a demo. */
    void handRaiser(String user, String name, String source, Duration sinceT0) {
        clock.set(T0.plus(sinceT0));
        String t = clock.instant().toString();
        List<Input> records = new ArrayList<>();
        records.add(record(
                "{\"type\":\"page\",\"messageId\":\"p-" + user + "\",\"userId\":\"" + user + "\",\"name\":\"Pricing\","
                        + "\"timestamp\":\"" + t
                        + "\",\"properties\":{\"path\":\"/pricing\"},\"context\":{\"campaign\":{\"source\":\""
                        + source + "\",\"medium\":\"cpc\"}}}"));
        records.add(record("{\"type\":\"identify\",\"messageId\":\"id-" + user + "\",\"userId\":\"" + user
                + "\",\"timestamp\":\"" + t + "\",\"traits\":{\"email\":\"" + user + "@acme.example\",\"name\":\""
                + name
                + "\",\"title\":\"VP Sales\",\"company\":{\"name\":\"Acme " + user + "\",\"employees\":400}}}"));
        records.add(record("{\"type\":\"track\",\"messageId\":\"demo-" + user + "\",\"userId\":\"" + user
                + "\",\"event\":\"demo_requested\",\"timestamp\":\"" + t + "\"}"));
        server.live().ingestEvents().ingest(records, clock.millis());
    }

    private Input record(String json) {
        return ((InputCodec.Parsed.Valid) codec.parse(json)).input();
    }

    @Override
    public void close() {
        server.close();
    }
}
