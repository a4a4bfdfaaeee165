package dev.leadflow.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.leadflow.TestClock;
import dev.leadflow.TestDatabase;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.Outbox;
import dev.leadflow.app.port.Delivery;
import dev.leadflow.app.port.WebhookOutbox;
import dev.leadflow.handoff.HandoffConfig.Notice;
import dev.leadflow.handoff.HandoffConfig.Webhook;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Webhook delivery from the outbox to a real HTTP receiver")
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class WebhookDeliveryTest {

    private static final String SECRET = "receiver-secret-0123456789";

    @Parameter
    TestDatabase kind;

    @TempDir
    Path dir;

    private Database database;
    private Outbox outbox;
    private HttpServer receiver;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final List<String> verifiedDeliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
    private WebhookDeliverer deliverer;

    @BeforeEach
    void start() throws IOException {
        database = kind.fresh(dir).get();
        outbox = new Outbox(database);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
            boolean valid = WebhookSignature.verify(
                    SECRET, signature, body, clock.instant().getEpochSecond(), 300);
            int status;
            if (!valid) {
                badSignatures.incrementAndGet();
                status = 400;
            } else if (failuresLeft.getAndDecrement() > 0) {
                status = 503;
            } else {
                verifiedDeliveries.add(exchange.getRequestHeaders().getFirst(WebhookDeliverer.DELIVERY_HEADER));
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        Webhook hook = new Webhook(
                "crm",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                SECRET,
                Set.of(Notice.values()));
        deliverer = new WebhookDeliverer(outbox, () -> Map.of("crm", hook), clock, HttpClient.newHttpClient());
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        database.close();
    }

    private static Delivery delivery(String id, Instant at) {
        return new Delivery(
                id,
                "crm",
                "assigned",
                "u-1",
                "{\"id\":\"" + id + "\",\"type\":\"assigned\",\"lead\":{\"id\":\"u-1\"}}",
                at.toEpochMilli());
    }

    @Test
    @DisplayName("retries while the receiver fails, at the backoff's times and not before, then delivers once, signed")
    void retriesThenDelivers() {
        failuresLeft.set(2);
        Instant t0 = clock.instant();
        outbox.add(List.of(delivery("d-1", t0)));
        assertThat(deliverer.deliverDue()).isEqualTo(1);
        WebhookOutbox.Row afterFirst = outbox.get("d-1").orElseThrow();
        assertThat(afterFirst.state()).isEqualTo(WebhookOutbox.State.PENDING);
        assertThat(afterFirst.lastError()).isEqualTo("the receiver answered 503");
        Instant second = Instant.ofEpochMilli(afterFirst.nextAttemptAt());
        assertThat(Duration.between(t0, second)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        clock.set(second.minusMillis(1));
        assertThat(deliverer.deliverDue()).as("not before its time").isZero();
        clock.set(second);
        deliverer.deliverDue();
        clock.set(Instant.ofEpochMilli(outbox.get("d-1").orElseThrow().nextAttemptAt()));
        deliverer.deliverDue();
        WebhookOutbox.Row delivered = outbox.get("d-1").orElseThrow();
        assertThat(delivered.state()).isEqualTo(WebhookOutbox.State.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(3);
        assertThat(verifiedDeliveries).containsExactly("d-1");
        assertThat(badSignatures).hasValue(0);
        assertThat(outbox.log("d-1")).extracting(WebhookOutbox.Attempt::status).containsExactly(503, 503, 204);
        clock.set(clock.instant().plus(Duration.ofDays(2)));
        assertThat(deliverer.deliverDue()).as("delivered is done").isZero();
    }

    @Test
    @DisplayName(
            "a receiver down for good: retried for more than 24 hours, then dead-lettered; redelivery by hand sends it again")
    void deadLetterAndRedeliver() {
        failuresLeft.set(Integer.MAX_VALUE);
        Instant t0 = clock.instant();
        outbox.add(List.of(delivery("d-2", t0)));
        int passes = 0;
        while (outbox.get("d-2").orElseThrow().state() == WebhookOutbox.State.PENDING) {
            clock.set(Instant.ofEpochMilli(outbox.get("d-2").orElseThrow().nextAttemptAt()));
            deliverer.deliverDue();
            passes++;
        }
        WebhookOutbox.Row dead = outbox.get("d-2").orElseThrow();
        assertThat(dead.state()).isEqualTo(WebhookOutbox.State.DEAD);
        List<WebhookOutbox.Attempt> log = outbox.log("d-2");
        assertThat(log).hasSize(passes);
        assertThat(Duration.ofMillis(log.get(log.size() - 1).at() - t0.toEpochMilli()))
                .isGreaterThan(Duration.ofHours(24));
        assertThat(outbox.list(WebhookOutbox.State.DEAD, 10))
                .extracting(WebhookOutbox.Row::id)
                .containsExactly("d-2");

        failuresLeft.set(0);
        assertThat(outbox.redeliver("d-2", clock.millis())).isTrue();
        assertThat(outbox.redeliver("d-2", clock.millis()))
                .as("already pending")
                .isFalse();
        deliverer.deliverDue();
        assertThat(outbox.get("d-2").orElseThrow().state()).isEqualTo(WebhookOutbox.State.DELIVERED);
        assertThat(verifiedDeliveries).containsExactly("d-2");
    }

    @Test
    @DisplayName(
            "nothing is sent for a change whose transaction rolled back; a delivery for a removed subscription is dead at once")
    void rollbackAndRemovedSubscription() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            Outbox.add(c, List.of(delivery("d-3", clock.instant())));
            c.rollback();
        }
        assertThat(deliverer.deliverDue()).isZero();
        assertThat(outbox.get("d-3")).isEmpty();

        outbox.add(List.of(new Delivery("d-4", "gone", "assigned", "u-1", "{}", clock.millis())));
        deliverer.deliverDue();
        WebhookOutbox.Row row = outbox.get("d-4").orElseThrow();
        assertThat(row.state()).isEqualTo(WebhookOutbox.State.DEAD);
        assertThat(row.lastError()).contains("no webhook 'gone'");
        assertThat(verifiedDeliveries).isEmpty();
    }

    @Test
    @DisplayName("a lead_erased notice names the erased person's ids until it is delivered; then its stored body goes")
    void erasedNoticeForgetsItsBodyOnceDelivered() {
        String body = "{\"type\":\"lead_erased\",\"erased\":{\"user_ids\":[\"greta-9012\"]}}";
        failuresLeft.set(1);
        outbox.add(List.of(new Delivery("d-5", "crm", "lead_erased", "erased:abc", body, clock.millis())));
        deliverer.deliverDue();
        assertThat(outbox.get("d-5").orElseThrow().body())
                .as("pending: kept for the retry")
                .isEqualTo(body);
        clock.set(Instant.ofEpochMilli(outbox.get("d-5").orElseThrow().nextAttemptAt()));
        deliverer.deliverDue();
        WebhookOutbox.Row row = outbox.get("d-5").orElseThrow();
        assertThat(row.state()).isEqualTo(WebhookOutbox.State.DELIVERED);
        assertThat(row.body()).isEqualTo("{\"erased\":true}");
        assertThat(verifiedDeliveries).containsExactly("d-5");
    }
}
