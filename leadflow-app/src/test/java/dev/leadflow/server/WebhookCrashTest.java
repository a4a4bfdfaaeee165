package dev.leadflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.Outbox;
import dev.leadflow.adapter.webhook.WebhookSignature;
import dev.leadflow.app.port.WebhookOutbox;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process, killed with SIGKILL after it committed a change and while the change's
 * webhook was on its way, sends the same delivery again after a restart: the outbox row was
 * written with the change, and only a receiver's answer marks it delivered.
 */
@DisplayName("Webhooks: kill -9 between commit and delivery")
class WebhookCrashTest {

    private static final String SECRET = "receiver-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the receiver got: its delivery id, whether the signature held, its body. */
    private record Received(String id, boolean signed, JsonNode body) {}

    @TempDir
    Path dir;

    @TempDir
    Path config;

    private HttpServer receiver;
    private ExecutorService receiverThreads;
    private final CountDownLatch answerTheFirst = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<ServerProcess> processes = new ArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiverThreads = Executors.newCachedThreadPool();
        receiver.setExecutor(receiverThreads); // the first request is held; the others must get through
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean signed = WebhookSignature.verify(
                    SECRET,
                    exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                    body,
                    Instant.now().getEpochSecond(),
                    300); // the server process signs with the system clock
            received.add(new Received(
                    exchange.getRequestHeaders().getFirst("Leadflow-Delivery"), signed, JSON.readTree(body)));
            if (requests.getAndIncrement() == 0) {
                try { // held until the server that sent it is dead
                    answerTheFirst.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(signed ? 204 : 400, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopAll() {
        processes.forEach(p -> p.process().destroyForcibly());
        answerTheFirst.countDown();
        receiver.stop(0);
        receiverThreads.shutdownNow();
    }

    private ServerProcess start(String... more) throws IOException {
        ServerProcess p = ServerProcess.start(dir, more);
        processes.add(p);
        return p;
    }

    private WebhookOutbox.Row row(String id) {
        try (Database database = Database.embedded(dir)) {
            return new Outbox(database).get(id).orElseThrow();
        }
    }

    private List<WebhookOutbox.Row> allRows() {
        try (Database database = Database.embedded(dir)) {
            Outbox outbox = new Outbox(database);
            List<WebhookOutbox.Row> rows = new ArrayList<>();
            for (WebhookOutbox.State state : WebhookOutbox.State.values()) {
                rows.addAll(outbox.list(state, 100));
            }
            return rows;
        }
    }

    @Test
    @DisplayName(
            "the delivery in flight when the server died arrives after the restart, same id and body, signed, once")
    void deliversAfterRestart() throws Exception {
        Path handoff = Files.writeString(config.resolve("handoff.yaml"), """
                teams:
                  - id: sales
                    time_zone: UTC
                    working_hours: always
                    members: [ { id: ann, name: Ann } ]
                routing:
                  - { name: all, team: sales }
                webhooks:
                  - { name: crm, url: "http://127.0.0.1:%d/hook", secret: %s, events: [assigned] }
                """.formatted(
                        receiver.getAddress().getPort(), SECRET));
        ServerProcess first = start("--handoff", handoff.toString());
        String now = Instant.now().toString();
        var answer =
                ServerLoad.post(HttpClient.newHttpClient(), first.port(), first.writeKey(), """
                {"batch":[
                  {"type":"identify","messageId":"m1","userId":"u1","timestamp":"%s","traits":{"email":"u1@acme.example"}},
                  {"type":"track","messageId":"m2","userId":"u1","event":"Demo Requested","timestamp":"%s"}]}
                """.formatted(now, now));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

        Received sent = received.poll(60, TimeUnit.SECONDS);
        assertThat(sent).as("the assignment's webhook within 60 s").isNotNull();
        assertThat(sent.signed()).isTrue();
        assertThat(sent.body().get("type").asText()).isEqualTo("assigned");
        assertThat(sent.body().at("/lead/id").asText()).isEqualTo("u1");
        assertThat(sent.body().at("/lead/owner").asText()).isEqualTo("ann");
        first.kill(); // the receiver has not answered yet

        WebhookOutbox.Row committed = row(sent.id());
        assertThat(committed.state()).as("committed, not delivered").isEqualTo(WebhookOutbox.State.PENDING);
        assertThat(committed.attempts()).isZero();

        ServerProcess second = start();
        Received again = received.poll(60, TimeUnit.SECONDS);
        assertThat(again).as("sent again after the restart within 60 s").isNotNull();
        assertThat(again.id()).isEqualTo(sent.id());
        assertThat(again.signed()).isTrue();
        assertThat(again.body()).isEqualTo(sent.body());
        second.stop(); // SIGTERM: the delivery under way finishes and is recorded

        WebhookOutbox.Row delivered = row(sent.id());
        assertThat(delivered.state()).isEqualTo(WebhookOutbox.State.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(received).as("nothing more was sent").isEmpty();
        assertThat(allRows())
                .as("the restart made no new delivery")
                .extracting(WebhookOutbox.Row::id)
                .containsExactly(sent.id());
    }
}
