package dev.leadflow.adapter.webhook;

import dev.leadflow.app.port.WebhookOutbox;
import dev.leadflow.handoff.HandoffConfig.Webhook;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Delivers the outbox at least once: each due delivery is POSTed to its subscription's URL, signed
 * ({@link WebhookSignature}) and named by its id ({@code Leadflow-Delivery}); a 2xx delivers it,
 * anything else (an error status, no answer in {@link #TIMEOUT}) schedules the next try
 * ({@link Backoff}) or, past the retry budget, dead-letters it. A delivery whose subscription is no
 * longer configured is dead-lettered at once. Time comes from the injected clock; the server calls
 * {@link #deliverDue} every second, tests call it when they choose. Thread-safe if passes do not
 * overlap.
 */
public final class WebhookDeliverer {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String DELIVERY_HEADER = "Leadflow-Delivery";
    private static final int BATCH = 100;

    private final WebhookOutbox outbox;
    private final Supplier<Map<String, Webhook>> subscriptions;
    private final InstantSource clock;
    private final HttpClient client;
    private volatile boolean stopping;

    public WebhookDeliverer(
            WebhookOutbox outbox,
            Supplier<Map<String, Webhook>> subscriptions,
            InstantSource clock,
            HttpClient client) {
        this.outbox = outbox;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.client = client;
    }

    /**
     * Tries up to a batch of the deliveries due now, once each; returns how many were tried. After
     * {@link #stop}, tries none.
     */
    public int deliverDue() {
        int tried = 0;
        for (WebhookOutbox.Row row : outbox.due(clock.millis(), BATCH)) {
            if (stopping) {
                break;
            }
            deliver(row);
            tried++;
        }
        return tried;
    }

    /** Lets the attempt under way finish (and be recorded) but starts no other. */
    public void stop() {
        stopping = true;
    }

    private void deliver(WebhookOutbox.Row row) {
        Instant now = clock.instant();
        int attempt = row.attempts() + 1;
        Webhook webhook = subscriptions.get().get(row.webhook());
        if (webhook == null) {
            outbox.attempted(
                    row.id(),
                    new WebhookOutbox.Attempt(
                            attempt,
                            now.toEpochMilli(),
                            null,
                            "no webhook '" + row.webhook() + "' in the hand-off configuration any more",
                            0),
                    WebhookOutbox.State.DEAD,
                    now.toEpochMilli());
            return;
        }
        byte[] body = row.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.url()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Leadflow-Webhooks")
                .header(DELIVERY_HEADER, row.id())
                .header(WebhookSignature.HEADER, WebhookSignature.sign(webhook.secret(), now.getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long started = System.nanoTime(); // a duration for the log, not a time
        Integer status = null;
        String error;
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            error = status / 100 == 2 ? null : "the receiver answered " + status;
        } catch (IOException e) {
            error = "no answer: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // stopping: the delivery stays due
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        WebhookOutbox.Attempt a = new WebhookOutbox.Attempt(attempt, now.toEpochMilli(), status, error, millis);
        if (error == null) {
            outbox.attempted(row.id(), a, WebhookOutbox.State.DELIVERED, now.toEpochMilli());
            return;
        }
        Instant first = row.firstAttemptAt() == null ? now : Instant.ofEpochMilli(row.firstAttemptAt());
        Optional<Instant> next = Backoff.next(row.id(), attempt, first, now);
        outbox.attempted(
                row.id(),
                a,
                next.isPresent() ? WebhookOutbox.State.PENDING : WebhookOutbox.State.DEAD,
                next.orElse(now).toEpochMilli());
    }
}
