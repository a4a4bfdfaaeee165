package dev.leadflow.adapter.http;

import dev.leadflow.app.Ingestor;
import dev.leadflow.app.StoredNotApplied;
import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.app.port.Keys;
import dev.leadflow.app.port.Scope;
import dev.leadflow.app.port.StoreException;
import io.javalin.http.Context;
import io.javalin.security.BasicAuthCredentials;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Segment-compatible ingestion API ({@code /v1/*}): write keys by HTTP Basic or in the body,
 * every valid event stored durably before the answer, every invalid one named by its index.
 */
final class IngestApi {

    private static final Logger LOG = LoggerFactory.getLogger(IngestApi.class);
    private static final List<String> SINGLE_CALLS = List.of("identify", "track", "page", "group", "alias");
    private static final long INGEST_TIMEOUT_SECONDS = 30;
    private static final byte[] SUCCESS = "{\"success\":true}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final SegmentRequests segment = new SegmentRequests();
    private final Ingestor ingestor;
    private final Keys keys;
    private final Metrics metrics;
    private final InstantSource clock;

    IngestApi(Ingestor ingestor, Keys keys, Metrics metrics, InstantSource clock) {
        this.ingestor = ingestor;
        this.keys = keys;
        this.metrics = metrics;
        this.clock = clock;
    }

    void routes(Routes routes) {
        for (String type : SINGLE_CALLS) {
            routes.open("POST", "/v1/" + type, ctx -> single(ctx, type));
        }
        routes.open("POST", "/v1/batch", this::batch);
        routes.open("POST", "/v1/import", this::batch);
    }

    void single(Context ctx, String type) throws IOException {
        ingestRequest(ctx, SegmentRequests.EVENT_LIMIT, "the event", (body, at) -> segment.single(type, body, at));
    }

    void batch(Context ctx) throws IOException {
        ingestRequest(ctx, SegmentRequests.BATCH_LIMIT, "the batch", segment::batch);
    }

    private interface Reader {
        SegmentRequests.Parsed read(SegmentRequests.Body body, Instant receivedAt) throws SegmentRequests.BadRequest;
    }

    /** Reads the body within its limit, checks the write key (HTTP Basic, else the body's writeKey), ingests. */
    private void ingestRequest(Context ctx, int limit, String what, Reader reader) throws IOException {
        long started = System.nanoTime();
        Instant receivedAt = clock.instant();
        BasicAuthCredentials basic = basic(ctx);
        if (basic != null && writeKey(ctx, basic.getUsername()).isEmpty()) {
            return;
        }
        try {
            byte[] bytes = SegmentRequests.readBody(ctx.req(), limit, what, "the Segment limit");
            SegmentRequests.Body body = segment.body(bytes);
            if (basic == null && writeKey(ctx, SegmentRequests.writeKey(body)).isEmpty()) {
                return;
            }
            SegmentRequests.Parsed parsed = reader.read(body, receivedAt);
            ingest(ctx, parsed);
            metrics.ingested(parsed.errors().size(), System.nanoTime() - started);
        } catch (SegmentRequests.BadRequest e) {
            Answers.error(ctx, e.status(), e.getMessage(), List.of());
        }
    }

    /** Stores the valid records (durably) before answering; reports the invalid ones by index. */
    private void ingest(Context ctx, SegmentRequests.Parsed parsed) {
        if (!parsed.records().isEmpty()) {
            try {
                List<EncodedRecord> encoded =
                        parsed.records().stream().map(EncodedRecord::of).toList(); // here, in parallel
                ingestor.submit(encoded).get(INGEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Ingestor.Stopping) {
                    Answers.error(ctx, 503, "the server is stopping; retry", List.of());
                    return;
                }
                if (e.getCause() instanceof Ingestor.Overloaded) {
                    ctx.header("Retry-After", "1");
                    Answers.error(ctx, 503, "the server is busy; retry", List.of());
                    return;
                }
                if (e.getCause() instanceof StoredNotApplied s) {
                    LOG.error("records stored but not applied", s);
                    Answers.error(
                            ctx,
                            503,
                            "the records are stored but could not be applied yet; they will be when the "
                                    + "server recovers (a retry is safe: messageIds are deduplicated)",
                            List.of());
                    return;
                }
                if (e.getCause() instanceof StoreException s) {
                    LOG.error("storing a batch failed", s);
                    Answers.error(
                            ctx, 503, "storage is unavailable; retry (nothing of this request was stored)", List.of());
                    return;
                }
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                Answers.error(
                        ctx,
                        503,
                        "storing took too long; retry (a retry is safe: messageIds are deduplicated)",
                        List.of());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Answers.error(ctx, 503, "the server is stopping; retry", List.of());
                return;
            }
        }
        if (parsed.errors().isEmpty()) {
            Answers.json(ctx, 200, SUCCESS);
            return;
        }
        int bad = parsed.errors().size();
        int total = bad + parsed.records().size();
        String message = bad == 1 && total == 1
                ? "the event is invalid"
                : bad + " of " + total + " events are invalid" + (bad < total ? "; the others were stored" : "");
        Answers.error(ctx, 400, message, parsed.errors());
    }

    /** The write key presented, if it is one that may ingest; else an answered 401/403. */
    private Optional<Keys.Key> writeKey(Context ctx, @Nullable String presented) {
        Optional<Keys.Key> key = presented == null ? Optional.empty() : keys.authenticate(presented);
        if (key.isEmpty()) {
            Answers.drain(ctx);
            ctx.header("WWW-Authenticate", "Basic realm=\"leadflow\"");
            Answers.error(
                    ctx,
                    401,
                    "a write key is required: the user name of HTTP Basic authentication, or writeKey in the body",
                    List.of());
            return Optional.empty();
        }
        if (!key.get().scope().allows(Scope.WRITE)) {
            Answers.drain(ctx);
            Answers.error(
                    ctx,
                    403,
                    "key " + key.get().id() + " has scope '" + key.get().scope().wireName()
                            + "'; ingestion needs a write (or admin) key",
                    List.of());
            return Optional.empty();
        }
        return key;
    }

    private static @Nullable BasicAuthCredentials basic(Context ctx) {
        try {
            return ctx.basicAuthCredentials();
        } catch (RuntimeException e) {
            return null; // malformed header: treated as no credentials
        }
    }
}
