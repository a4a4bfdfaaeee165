package dev.leadflow.adapter.http;

import dev.leadflow.app.Ingestor;
import dev.leadflow.app.Leadflow;
import dev.leadflow.app.StoredNotApplied;
import dev.leadflow.app.port.Keys;
import dev.leadflow.app.port.Models;
import dev.leadflow.app.port.StoreException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadflow's HTTP server. Each API registers its own routes with the access they need
 * ({@link Routes}); one {@code beforeMatched} handler checks API keys ({@link ApiKeys}):
 *
 * <ul>
 *   <li>{@link IngestApi}: the Segment-compatible ingestion API, {@code /v1/*} (write keys, by HTTP
 *       Basic or in the body; CORS for any origin);
 *   <li>{@link LeadsApi}: {@code /api/leads…}, lists, one lead, sales actions;
 *   <li>{@link HandoffApi}: {@code /api/handoff}, {@code /api/queue}, reassignment, webhook deliveries;
 *   <li>{@link ModelApi}: {@code /api/model…}, draft, publish, versions;
 *   <li>{@link PredictiveApi}: {@code /api/model/predictive…}, the artifact applied, train now;
 *   <li>{@link ReportsApi}: {@code /api/reports/*}, funnel, velocity, hand-off health;
 *   <li>{@link AuditApi}: {@code /api/audit}, the audit log of privileged actions;
 *   <li>here: {@code /health}, {@code /metrics}, {@code /api/openapi.json}, static files, and the
 *       dashboard's pages ({@link Pages}).
 * </ul>
 *
 * Every API answer is JSON; every error is {@code {"error": …, "details": […]}}; bad input is a
 * 4xx naming what is wrong, never a 500.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    /** What the routes need; {@code pages} are served beside the API (the dashboard). */
    public record Services(
            Leadflow live,
            Ingestor ingestor,
            Keys keys,
            Models models,
            dev.leadflow.app.port.WebhookOutbox outbox,
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
    private final ApiKeys apiKeys;
    private final IngestApi ingest;
    private final LeadsApi leads;
    private final ModelApi model;
    private final PredictiveApi predictive;
    private final ReportsApi reports;
    private final HandoffApi handoff;
    private final AuditApi audit;
    private final Metrics metrics;
    private final Javalin app;

    private HttpServer(Services services, String host, int port) {
        this.services = services;
        this.leads = new LeadsApi(services.live(), services.outbox(), services.clock());
        this.handoff = new HandoffApi(services.live(), services.outbox(), services.clock());
        this.reports = new ReportsApi(services.live().reports(), services.clock());
        this.model = new ModelApi(services.models(), services.live(), services.clock());
        this.predictive = new PredictiveApi(services.models(), services.live(), services.clock());
        this.audit = new AuditApi(services.live().auditLog());
        this.metrics = new Metrics(services.live(), services.ingestor());
        this.apiKeys = new ApiKeys(services.keys());
        this.ingest = new IngestApi(services.ingestor(), services.keys(), metrics, services.clock());
        this.app = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.concurrency.useVirtualThreads = true;
                    config.router.ignoreTrailingSlashes = true; // Segment's libraries post to /v1/import/
                    config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
                    allowBrowsersToTrack(config);
                    routes(config);
                    failures(config);
                })
                .start(host, port);
    }

    /**
     * Write keys ship inside web pages: the tracking API answers any origin (no cookies are
     * involved), preflights included; the management API and the dashboard stay same-origin.
     */
    private static void allowBrowsersToTrack(io.javalin.config.JavalinConfig config) {
        config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
            rule.path = "/v1/*";
            rule.anyHost();
            rule.maxAge = (int) java.time.Duration.ofDays(1).toSeconds();
        }));
        config.routes.options("/v1/*", ctx -> ctx.status(204)); // the preflight; the plugin adds its headers
    }

    /** Every API's routes, keys checked once before any of them; static files; the dashboard's pages. */
    private void routes(io.javalin.config.JavalinConfig config) {
        config.routes.beforeMatched(apiKeys::authenticate);
        Routes routes = routeTable(config);
        ingest.routes(routes);
        routes.open("GET", "/health", this::health);
        routes.open(
                "GET",
                "/api/openapi.json",
                ctx -> ctx.contentType("application/json").result(OPENAPI));
        routes.open(
                "GET",
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.scrape()));
        leads.routes(routes);
        model.routes(routes);
        predictive.routes(routes);
        reports.routes(routes);
        handoff.routes(routes);
        audit.routes(routes);
        config.staticFiles.enableWebjars();
        config.staticFiles.add(files -> {
            files.hostedPath = "/static";
            files.directory = "/dev/leadflow/adapter/web/static";
            files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
        });
        services.pages().register((method, path, handler) -> page(config, method, path, handler));
    }

    /** What a failure answers: 503 for storage, one line for a client gone, 500 and the log for a bug; 404s. */
    private void failures(io.javalin.config.JavalinConfig config) {
        config.routes.exception(StoreException.class, (e, ctx) -> {
            LOG.error("the database failed on {} {}", ctx.method(), ctx.path(), e);
            Answers.error(ctx, 503, "the database is unavailable; retry later");
        });
        config.routes.exception(StoredNotApplied.class, (e, ctx) -> {
            LOG.error("the leads are being loaded again on {} {}", ctx.method(), ctx.path(), e);
            Answers.error(ctx, 503, "the server is loading its leads again after a database failure; retry later");
        });
        config.routes.exception(SegmentRequests.ClientGone.class, (e, ctx) -> clientGone(ctx, e));
        config.routes.exception(Exception.class, (e, ctx) -> {
            if (hungUp(e)) {
                clientGone(ctx, e);
                return;
            }
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            if (services.pages().owns(ctx.path())) {
                services.pages().error(ctx, 500, "Something went wrong", "The failure is in the server log.");
            } else {
                Answers.error(ctx, 500, "internal error; see the server log");
            }
        });
        config.routes.error(404, "*", ctx -> {
            if (Answers.answered(ctx)) {
                return;
            }
            if (services.pages().owns(ctx.path())) {
                services.pages().error(ctx, 404, "Not found", "There is no page " + ctx.path() + ".");
            } else {
                Answers.error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
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
        Answers.error(ctx, 400, "the body ended before its declared length");
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

    /** Where the APIs add their routes; each is listed in {@link #routes()}. */
    private Routes routeTable(io.javalin.config.JavalinConfig config) {
        return new Routes() {
            @Override
            public void add(String method, String path, Access access, KeyedHandler handler) {
                HttpServer.add(config, routes, method, path, ctx -> handler.handle(ctx, ApiKeys.of(ctx)), access);
            }

            @Override
            public void open(String method, String path, io.javalin.http.Handler handler) {
                HttpServer.add(config, routes, method, path, handler);
            }
        };
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
            io.javalin.http.Handler handler,
            io.javalin.security.RouteRole... roles) {
        served.add(method + " " + path);
        switch (method) {
            case "GET" -> config.routes.get(path, handler, roles);
            case "POST" -> config.routes.post(path, handler, roles);
            case "PUT" -> config.routes.put(path, handler, roles);
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

    // ------------------------------------------------------------------ health

    /** {@code GET /health}: up, with its lead count and how many batches wait to be written. */
    record Health(String status, int leads, int queue) {}

    private void health(Context ctx) {
        Answers.json(
                ctx,
                200,
                new Health(
                        "ok",
                        services.live().leadQueries().leadCount(),
                        services.ingestor().queueDepth()));
    }

    // ------------------------------------------------------------------ errors

    @Override
    public void close() {
        app.stop();
    }
}
