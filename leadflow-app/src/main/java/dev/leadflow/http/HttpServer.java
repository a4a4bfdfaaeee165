package dev.leadflow.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.app.Ingestor;
import dev.leadflow.app.Leadflow;
import dev.leadflow.app.StoredNotApplied;
import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.app.port.Models;
import dev.leadflow.app.port.StoreException;
import dev.leadflow.store.KeyStore;
import dev.leadflow.store.Scope;
import io.javalin.Javalin;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadflow's HTTP server: the Segment-compatible ingestion API ({@code /v1/*}, write keys by HTTP
 * Basic), the leads API ({@code /api/leads…}, API keys as bearer tokens) and health. Every
 * answer is JSON; every error is {@code {"error": …, "details": […]}}; bad input is a 4xx naming
 * what is wrong, never a 500.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final List<String> SINGLE_CALLS = List.of("identify", "track", "page", "group", "alias");
    private static final long INGEST_TIMEOUT_SECONDS = 30;

    /** What the routes need; {@code pages} are served beside the API (the dashboard). */
    public record Services(
            Leadflow live,
            Ingestor ingestor,
            KeyStore keys,
            Models models,
            dev.leadflow.webhook.Outbox outbox,
            InstantSource clock,
            Pages pages) {}

    /** Marks a request answered by a route, so that the catch-all 404 leaves its answer alone. */
    public static final String ANSWERED = "leadflow.answered";

    /** Where pages add their routes. */
    public interface Router {
        void add(String method, String path, io.javalin.http.Handler handler);
    }

    /** HTML pages served beside the API: they add their routes, and answer errors on their paths as pages. */
    public interface Pages {
        void register(Router router);

        /** Whether {@code path} is one of the pages' (its errors are pages, not JSON). */
        boolean owns(String path);

        void error(Context ctx, int status, String title, String message);
    }

    private final Services services;
    private final SegmentRequests segment = new SegmentRequests();
    private final LeadsApi leads;
    private final ModelApi model;
    private final ReportsApi reports;
    private final HandoffApi handoff;
    private final Metrics metrics;
    private final Javalin app;

    private HttpServer(Services services, String host, int port) {
        this.services = services;
        this.leads = new LeadsApi(services.live(), services.clock());
        this.handoff = new HandoffApi(services.live(), services.outbox(), services.clock());
        this.reports = new ReportsApi(services.live().reports(), services.clock());
        this.model = new ModelApi(services.models(), services.live(), services.clock());
        this.metrics = new Metrics(services.live(), services.ingestor());
        this.app = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.concurrency.useVirtualThreads = true;
                    config.router.ignoreTrailingSlashes = true; // Segment's libraries post to /v1/import/
                    config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
                    // write keys ship inside web pages: the tracking API answers any origin (no cookies are
                    // involved); the management API and the dashboard stay same-origin
                    config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                        rule.path = "/v1/*";
                        rule.anyHost();
                        rule.maxAge = (int) java.time.Duration.ofDays(1).toSeconds();
                    }));
                    config.routes.options(
                            "/v1/*", ctx -> ctx.status(204)); // the preflight; the plugin adds its headers
                    for (String type : SINGLE_CALLS) {
                        route(config, "POST", "/v1/" + type, ctx -> single(ctx, type));
                    }
                    route(config, "POST", "/v1/batch", this::batch);
                    route(config, "POST", "/v1/import", this::batch);
                    route(config, "GET", "/health", this::health);
                    route(
                            config,
                            "GET",
                            "/api/openapi.json",
                            ctx -> ctx.contentType("application/json").result(OPENAPI));
                    route(
                            config,
                            "GET",
                            "/metrics",
                            ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                                    .result(metrics.scrape()));
                    route(config, "GET", "/api/leads", ctx -> {
                        if (apiKey(ctx, Scope.READ).isPresent()) {
                            leads.list(ctx);
                        }
                    });
                    route(config, "GET", "/api/leads/{id}", ctx -> {
                        if (apiKey(ctx, Scope.READ).isPresent()) {
                            leads.get(ctx);
                        }
                    });
                    route(config, "GET", "/api/model", ctx -> {
                        if (apiKey(ctx, Scope.READ).isPresent()) {
                            model.get(ctx);
                        }
                    });
                    route(config, "PUT", "/api/model", ctx -> {
                        Optional<KeyStore.Key> key = apiKey(ctx, Scope.ADMIN);
                        if (key.isPresent()) {
                            model.put(ctx, key.get());
                        }
                    });
                    route(config, "POST", "/api/model/publish", ctx -> {
                        Optional<KeyStore.Key> key = apiKey(ctx, Scope.ADMIN);
                        if (key.isPresent()) {
                            model.publish(ctx, key.get());
                        }
                    });
                    route(config, "GET", "/api/model/versions", ctx -> {
                        if (apiKey(ctx, Scope.READ).isPresent()) {
                            model.versions(ctx);
                        }
                    });
                    route(config, "POST", "/api/leads/{id}/actions", ctx -> {
                        Optional<KeyStore.Key> key = apiKey(ctx, Scope.ACT);
                        if (key.isPresent()) {
                            leads.act(ctx, key.get());
                        }
                    });
                    route(config, "GET", "/api/reports/funnel", ctx -> {
                        if (apiKey(ctx, Scope.READ).isPresent()) {
                            reports.funnel(ctx);
                        }
                    });
                    route(config, "GET", "/api/reports/velocity", ctx -> {
                        if (apiKey(ctx, Scope.READ).isPresent()) {
                            reports.velocity(ctx);
                        }
                    });
                    route(config, "GET", "/api/reports/handoff", ctx -> {
                        if (apiKey(ctx, Scope.READ).isPresent()) {
                            reports.handoff(ctx);
                        }
                    });
                    route(config, "GET", "/api/handoff", ctx -> {
                        if (apiKey(ctx, Scope.READ).isPresent()) {
                            handoff.get(ctx);
                        }
                    });
                    route(config, "PUT", "/api/handoff", ctx -> {
                        Optional<KeyStore.Key> key = apiKey(ctx, Scope.ADMIN);
                        if (key.isPresent()) {
                            handoff.put(ctx, key.get());
                        }
                    });
                    route(config, "GET", "/api/queue", ctx -> {
                        if (apiKey(ctx, Scope.READ).isPresent()) {
                            handoff.queue(ctx);
                        }
                    });
                    route(config, "POST", "/api/leads/{id}/assign", ctx -> {
                        if (apiKey(ctx, Scope.ACT).isPresent()) {
                            handoff.assign(ctx);
                        }
                    });
                    config.staticFiles.enableWebjars();
                    config.staticFiles.add(files -> {
                        files.hostedPath = "/static";
                        files.directory = "/dev/leadflow/web/static";
                        files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
                    });
                    services.pages().register((method, path, handler) -> page(config, method, path, handler));
                    route(config, "GET", "/api/webhooks/deliveries", ctx -> {
                        if (apiKey(ctx, Scope.ADMIN).isPresent()) {
                            handoff.deliveries(ctx);
                        }
                    });
                    route(config, "GET", "/api/webhooks/deliveries/{id}", ctx -> {
                        if (apiKey(ctx, Scope.ADMIN).isPresent()) {
                            handoff.delivery(ctx);
                        }
                    });
                    route(config, "POST", "/api/webhooks/deliveries/{id}/redeliver", ctx -> {
                        if (apiKey(ctx, Scope.ADMIN).isPresent()) {
                            handoff.redeliver(ctx);
                        }
                    });
                    config.routes.exception(StoreException.class, (e, ctx) -> {
                        LOG.error("the database failed on {} {}", ctx.method(), ctx.path(), e);
                        error(ctx, 503, "the database is unavailable; retry later", List.of());
                    });
                    config.routes.exception(StoredNotApplied.class, (e, ctx) -> {
                        LOG.error("the leads are being loaded again on {} {}", ctx.method(), ctx.path(), e);
                        error(
                                ctx,
                                503,
                                "the server is loading its leads again after a database failure; retry later",
                                List.of());
                    });
                    config.routes.exception(SegmentRequests.ClientGone.class, (e, ctx) -> clientGone(ctx, e));
                    config.routes.exception(Exception.class, (e, ctx) -> {
                        if (hungUp(e)) {
                            clientGone(ctx, e);
                            return;
                        }
                        LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                        if (services.pages().owns(ctx.path())) {
                            services.pages()
                                    .error(ctx, 500, "Something went wrong", "The failure is in the server log.");
                        } else {
                            error(ctx, 500, "internal error; see the server log", List.of());
                        }
                    });
                    config.routes.error(404, "*", ctx -> {
                        if (Answers.answered(ctx)) {
                            return;
                        }
                        if (services.pages().owns(ctx.path())) {
                            services.pages().error(ctx, 404, "Not found", "There is no page " + ctx.path() + ".");
                        } else {
                            error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path(), List.of());
                        }
                    });
                })
                .start(host, port);
    }

    private final List<String> routes = new java.util.ArrayList<>();

    private final List<String> pages = new java.util.ArrayList<>();

    /** One line, no stack trace: a client that hangs up mid-body is no failure of the server. */
    private static void clientGone(Context ctx, Exception e) {
        LOG.warn(
                "the client closed the connection before the end of its body on {} {}: {}",
                ctx.method(),
                ctx.path(),
                e.getMessage() == null
                        ? e.getClass().getSimpleName()
                        : e.getMessage().lines().findFirst().orElse(""));
        error(ctx, 400, "the body ended before its declared length", List.of());
    }

    /** Whether {@code e} was caused by the client's connection ending early (Jetty's EofException is one). */
    private static boolean hungUp(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    private void route(
            io.javalin.config.JavalinConfig config, String method, String path, io.javalin.http.Handler handler) {
        add(config, routes, method, path, handler);
    }

    private void page(
            io.javalin.config.JavalinConfig config, String method, String path, io.javalin.http.Handler handler) {
        add(config, pages, method, path, handler);
    }

    private static void add(
            io.javalin.config.JavalinConfig config,
            List<String> served,
            String method,
            String path,
            io.javalin.http.Handler handler) {
        served.add(method + " " + path);
        switch (method) {
            case "GET" -> config.routes.get(path, handler);
            case "POST" -> config.routes.post(path, handler);
            case "PUT" -> config.routes.put(path, handler);
            default -> throw new IllegalArgumentException(method);
        }
    }

    /** Every page served (the dashboard), as {@code METHOD /path}. */
    public List<String> pages() {
        return List.copyOf(pages);
    }

    /** Every API route served, as {@code METHOD /path}, for the test that keeps the OpenAPI file whole. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    private static final byte[] OPENAPI = openApi();

    private static byte[] openApi() {
        try (var in = HttpServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final byte[] SUCCESS = "{\"success\":true}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The server cannot listen where it was asked to (the port is taken, the host is not this machine's). */
    public static final class CannotListen extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CannotListen(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Starts serving on {@code host:port} (port 0: any free port).
     *
     * @throws CannotListen naming the address when it cannot
     */
    public static HttpServer start(Services services, String host, int port) {
        try {
            return new HttpServer(services, host, port);
        } catch (io.javalin.util.JavalinBindException e) {
            throw new CannotListen(
                    "cannot listen on " + host + ":" + port + " (is the port in use? choose another with" + " --port): "
                            + e.getMessage(),
                    e);
        }
    }

    public int port() {
        return app.port();
    }

    // ------------------------------------------------------------------ ingestion

    private void single(Context ctx, String type) throws IOException {
        ingestRequest(ctx, SegmentRequests.EVENT_LIMIT, "the event", (body, at) -> segment.single(type, body, at));
    }

    private void batch(Context ctx) throws IOException {
        ingestRequest(ctx, SegmentRequests.BATCH_LIMIT, "the batch", segment::batch);
    }

    private interface Reader {
        SegmentRequests.Parsed read(SegmentRequests.Body body, Instant receivedAt) throws SegmentRequests.BadRequest;
    }

    /** Reads the body within its limit, checks the write key (HTTP Basic, else the body's writeKey), ingests. */
    private void ingestRequest(Context ctx, int limit, String what, Reader reader) throws IOException {
        long started = System.nanoTime();
        Instant receivedAt = services.clock().instant();
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
            error(ctx, e.status(), e.getMessage(), List.of());
        }
    }

    /** Stores the valid records (durably) before answering; reports the invalid ones by index. */
    private void ingest(Context ctx, SegmentRequests.Parsed parsed) {
        if (!parsed.records().isEmpty()) {
            try {
                List<EncodedRecord> encoded =
                        parsed.records().stream().map(EncodedRecord::of).toList(); // here, in parallel
                services.ingestor().submit(encoded).get(INGEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Ingestor.Stopping) {
                    error(ctx, 503, "the server is stopping; retry", List.of());
                    return;
                }
                if (e.getCause() instanceof Ingestor.Overloaded) {
                    ctx.header("Retry-After", "1");
                    error(ctx, 503, "the server is busy; retry", List.of());
                    return;
                }
                if (e.getCause() instanceof StoredNotApplied s) {
                    LOG.error("records stored but not applied", s);
                    error(
                            ctx,
                            503,
                            "the records are stored but could not be applied yet; they will be when the "
                                    + "server recovers (a retry is safe: messageIds are deduplicated)",
                            List.of());
                    return;
                }
                if (e.getCause() instanceof StoreException s) {
                    LOG.error("storing a batch failed", s);
                    error(ctx, 503, "storage is unavailable; retry (nothing of this request was stored)", List.of());
                    return;
                }
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                error(
                        ctx,
                        503,
                        "storing took too long; retry (a retry is safe: messageIds are deduplicated)",
                        List.of());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error(ctx, 503, "the server is stopping; retry", List.of());
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
        error(ctx, 400, message, parsed.errors());
    }

    /** The write key presented, if it is one that may ingest; else an answered 401/403. */
    private Optional<KeyStore.Key> writeKey(Context ctx, String presented) {
        Optional<KeyStore.Key> key =
                presented == null ? Optional.empty() : services.keys().authenticate(presented);
        if (key.isEmpty()) {
            drain(ctx);
            ctx.header("WWW-Authenticate", "Basic realm=\"leadflow\"");
            error(
                    ctx,
                    401,
                    "a write key is required: the user name of HTTP Basic authentication, or writeKey in the body",
                    List.of());
            return Optional.empty();
        }
        if (!key.get().scope().allows(Scope.WRITE)) {
            drain(ctx);
            error(
                    ctx,
                    403,
                    "key " + key.get().id() + " has scope '" + key.get().scope().wireName()
                            + "'; ingestion needs a write (or admin) key",
                    List.of());
            return Optional.empty();
        }
        return key;
    }

    /** The API key of a request ({@code Authorization: Bearer …}) if it allows {@code needed}, or an answered 401/403. */
    private Optional<KeyStore.Key> apiKey(Context ctx, Scope needed) {
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip()
                : null;
        Optional<KeyStore.Key> key =
                token == null ? Optional.empty() : services.keys().authenticate(token);
        if (key.isEmpty()) {
            drain(ctx);
            ctx.header("WWW-Authenticate", "Bearer realm=\"leadflow\"");
            error(ctx, 401, "an API key is required: Authorization: Bearer <key>", List.of());
            return Optional.empty();
        }
        if (!key.get().scope().allows(needed)) {
            drain(ctx);
            error(
                    ctx,
                    403,
                    "key " + key.get().id() + " has scope '" + key.get().scope().wireName() + "'; this needs "
                            + switch (needed) {
                                case ACT -> "an act (or admin) key";
                                case ADMIN -> "an admin key";
                                default -> "a read, act or admin key";
                            },
                    List.of());
            return Optional.empty();
        }
        return key;
    }

    /**
     * Reads and drops what is left of a refused request's body (up to the largest body any route
     * takes), so that the answer reaches a client still sending it rather than a closed connection.
     */
    private static void drain(Context ctx) {
        try {
            ctx.req().getInputStream().skipNBytes(SegmentRequests.BATCH_LIMIT + 1); // more than any route takes
        } catch (java.io.EOFException e) {
            ctx.req().setAttribute(SegmentRequests.BODY_READ, true); // the body ended first: the usual case
        } catch (IOException | RuntimeException e) {
            // the client went away: the answer is written all the same
        }
    }

    private static BasicAuthCredentials basic(Context ctx) {
        try {
            return ctx.basicAuthCredentials();
        } catch (RuntimeException e) {
            return null; // malformed header: treated as no credentials
        }
    }

    // ------------------------------------------------------------------ health

    private void health(Context ctx) {
        ObjectNode body = Answers.JSON.createObjectNode();
        body.put("status", "ok");
        body.put("leads", services.live().leadQueries().leadCount());
        body.put("queue", services.ingestor().queueDepth());
        Answers.json(ctx, 200, body);
    }

    // ------------------------------------------------------------------ errors

    private static void error(Context ctx, int status, String message, List<SegmentRequests.ItemError> details) {
        ArrayNode list = Answers.JSON.createArrayNode();
        for (SegmentRequests.ItemError d : details) {
            list.addObject().put("index", d.index()).put("message", d.message());
        }
        Answers.error(ctx, status, message, list);
    }

    @Override
    public void close() {
        app.stop();
    }
}
