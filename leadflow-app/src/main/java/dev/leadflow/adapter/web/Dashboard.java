package dev.leadflow.adapter.web;

import dev.leadflow.adapter.http.HttpServer;
import dev.leadflow.adapter.http.ReportsApi;
import dev.leadflow.app.ClosedLoopReports;
import dev.leadflow.app.Leadflow;
import dev.leadflow.app.port.Models;
import dev.leadflow.app.port.Users;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard, served beside the API: login, the overview of the funnel, the leads and a
 * lead's page, the sales queue and the model. Pages are rendered on the server ({@link Views});
 * every form posts a CSRF token bound to the session; sessions live in an HttpOnly, SameSite
 * cookie that is also Secure when the request came over HTTPS (directly or through a proxy that
 * says so in {@code X-Forwarded-Proto}). A sales user sees and acts on the leads they own only.
 */
public final class Dashboard implements HttpServer.Pages {

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    static final String SESSION_COOKIE = "leadflow_session";
    static final String LOGIN_COOKIE = "leadflow_login";
    static final String DEVICE_COOKIE = "leadflow_device";
    private static final int DEVICE_MAX_AGE = 90 * 24 * 3600;
    static final String CSRF_FIELD = "_csrf";
    private static final String SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    static final Set<Users.Role> EVERYONE = EnumSet.allOf(Users.Role.class);
    static final Set<Users.Role> NOT_SALES = EnumSet.of(Users.Role.ADMIN, Users.Role.MARKETING);

    /** What the pages read and act on. */
    public record Services(
            Leadflow live,
            ClosedLoopReports reports,
            Models models,
            Users users,
            dev.leadflow.app.port.WebhookOutbox outbox,
            InstantSource clock,
            LoginLimits loginLimits) {}

    /** A page's request, from a signed-in user. */
    record Request(Context ctx, Sessions.Session session) {
        Users.User user() {
            return session.user();
        }

        /** The member whose leads alone the user may see, if the user is sales. */
        Optional<String> onlyMember() {
            return user().role() == Users.Role.SALES ? Optional.ofNullable(user().member()) : Optional.empty();
        }

        /** Who acts, for the audit log: the user, from the request's client address. */
        dev.leadflow.app.port.AuditLog.Actor actor() {
            return new dev.leadflow.app.port.AuditLog.Actor("user:" + user().username(), ctx.ip());
        }

        boolean canAct() {
            return user().role() != Users.Role.MARKETING;
        }
    }

    interface PageHandler {
        void handle(Request request) throws Exception;
    }

    private final Services services;
    private final Sessions sessions;
    private final Views views = new Views();
    private final Map<String, String> flashes = new ConcurrentHashMap<>();
    private final LoginThrottle throttle;
    private final PasswordChecks passwords;
    private final KnownDevices devices = new KnownDevices();
    private final OverviewPage overview;
    private final LeadPages leads;
    private final QueuePage queue;
    private final ModelPage model;
    private final LabPage lab;
    private final PredictivePage predictive;
    private final AuditPage audit;
    /** The report API's answers (JSON, or CSV with {@code format=csv}) for a signed-in user, e.g. to download. */
    private final ReportsApi reports;

    public Dashboard(Services services) {
        this.services = services;
        this.sessions = new Sessions(services.clock());
        this.throttle = new LoginThrottle(services.clock());
        this.passwords = new PasswordChecks(services.users()::authenticate, services.clock(), services.loginLimits());
        this.overview = new OverviewPage(this, services);
        this.leads = new LeadPages(this, services);
        this.queue = new QueuePage(this, services);
        this.model = new ModelPage(this, services);
        this.lab = new LabPage(this, services, model);
        this.predictive = new PredictivePage(this, services);
        this.audit = new AuditPage(this, services);
        this.reports = new ReportsApi(services.reports(), services.clock());
    }

    @Override
    public void register(HttpServer.Router router) {
        router.add("GET", "/login", this::loginPage);
        router.add("POST", "/login", this::login);
        router.add("POST", "/logout", ctx -> page(ctx, EVERYONE, true, this::logout));
        router.add("GET", "/", ctx -> page(ctx, EVERYONE, false, overview::show));
        router.add("GET", "/leads", ctx -> page(ctx, EVERYONE, false, leads::list));
        router.add("GET", "/leads.csv", ctx -> page(ctx, EVERYONE, false, leads::csv));
        router.add("GET", "/leads/{id}", ctx -> page(ctx, EVERYONE, false, leads::show));
        router.add(
                "POST",
                "/leads/{id}/act",
                ctx -> page(ctx, EnumSet.of(Users.Role.ADMIN, Users.Role.SALES), true, leads::act));
        router.add("GET", "/leads/{id}/export", ctx -> page(ctx, EnumSet.of(Users.Role.ADMIN), false, leads::export));
        router.add("POST", "/leads/{id}/erase", ctx -> page(ctx, EnumSet.of(Users.Role.ADMIN), true, leads::erase));
        router.add("GET", "/queue", ctx -> page(ctx, EVERYONE, false, queue::show));
        router.add("GET", "/reports/funnel", ctx -> page(ctx, EVERYONE, false, r -> reports.funnel(r.ctx())));
        router.add("GET", "/reports/velocity", ctx -> page(ctx, EVERYONE, false, r -> reports.velocity(r.ctx())));
        router.add("GET", "/reports/handoff", ctx -> page(ctx, EVERYONE, false, r -> reports.handoff(r.ctx())));
        router.add("GET", "/model", ctx -> page(ctx, NOT_SALES, false, model::show));
        router.add("POST", "/model/validate", ctx -> page(ctx, NOT_SALES, true, model::validate));
        router.add("POST", "/model/backtest", ctx -> page(ctx, NOT_SALES, true, lab::backtest));
        router.add("GET", "/model/backtest/progress", ctx -> page(ctx, NOT_SALES, false, lab::progress));
        router.add("POST", "/model/publish", ctx -> page(ctx, EnumSet.of(Users.Role.ADMIN), true, lab::publish));
        router.add("POST", "/model/predictive/evaluate", ctx -> page(ctx, NOT_SALES, true, predictive::evaluate));
        router.add(
                "POST",
                "/model/predictive/train",
                ctx -> page(ctx, EnumSet.of(Users.Role.ADMIN), true, predictive::train));
        router.add("GET", "/audit", ctx -> page(ctx, EnumSet.of(Users.Role.ADMIN), false, audit::show));
    }

    @Override
    public boolean owns(String path) {
        return path.equals("/")
                || path.startsWith("/login")
                || path.startsWith("/logout")
                || path.startsWith("/leads")
                || path.startsWith("/queue")
                || path.startsWith("/model")
                || path.startsWith("/static")
                || path.startsWith("/reports")
                || path.startsWith("/audit");
    }

    /**
     * Runs {@code handler} for a signed-in user with one of {@code roles}: else sends the visitor
     * to the login page, or answers 403; a form ({@code post}) without the session's CSRF token is
     * refused with 403 and changes nothing.
     */
    private void page(Context ctx, Set<Users.Role> roles, boolean post, PageHandler handler) throws Exception {
        secure(ctx);
        Optional<Sessions.Session> session = sessions.get(ctx.cookie(SESSION_COOKIE));
        if (session.isEmpty()) {
            if (post) {
                error(ctx, 401, "Your session has ended", "Log in again, then repeat what you were doing.");
            } else {
                String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
                ctx.redirect(
                        "/login?next=" + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8),
                        io.javalin.http.HttpStatus.SEE_OTHER);
            }
            return;
        }
        Request request = new Request(ctx, session.get());
        if (!roles.contains(session.get().user().role())) {
            error(
                    request,
                    403,
                    "Not for your role",
                    "A " + session.get().user().role().wireName() + " user cannot open this page.");
            return;
        }
        if (post && !same(ctx.formParam(CSRF_FIELD), session.get().csrf())) {
            error(
                    request,
                    403,
                    "This form has expired",
                    "The page was open in another session or for too long. Go" + " back, reload it and try again.");
            return;
        }
        handler.handle(request);
    }

    private static boolean same(@Nullable String given, String expected) {
        return given != null
                && MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Headers every page carries: no framing, no inline script, no caching of private data. */
    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
    }

    // ------------------------------------------------------------------ login

    private void loginPage(Context ctx) {
        secure(ctx);
        if (sessions.get(ctx.cookie(SESSION_COOKIE)).isPresent()) {
            ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        showLogin(ctx, 200, null);
    }

    private void showLogin(Context ctx, int status, @Nullable String problem) {
        String token = Sessions.token(); // login CSRF: the form must carry the cookie's token
        cookie(ctx, LOGIN_COOKIE, token, "/login", 3600);
        Map<String, Object> model = new HashMap<>();
        model.put("csrf", token);
        model.put("next", safeNext(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next")));
        model.put("problem", problem);
        model.put("users", !services.users().any());
        html(ctx, status, "login", model);
    }

    private void login(Context ctx) {
        secure(ctx);
        if (!same(
                ctx.formParam(CSRF_FIELD),
                Optional.ofNullable(ctx.cookie(LOGIN_COOKIE)).orElse("\u0000"))) {
            showLogin(ctx, 403, "The login form expired; please try again.");
            return;
        }
        String username =
                Optional.ofNullable(ctx.formParam("username")).orElse("").strip();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        Optional<String> device = devices.device(ctx.cookie(DEVICE_COOKIE), username);
        // Counted by the device that signed in before, else by the socket's address: a header naming
        // another address is anyone's to forge.
        String origin = device.map(d -> "device " + d).orElseGet(() -> ctx.req().getRemoteAddr());
        LoginThrottle.Wait wait = throttle.wait(username, origin);
        if (!wait.none()) {
            long seconds = (wait.time().toMillis() + 999) / 1000;
            ctx.header("Retry-After", String.valueOf(seconds));
            showLogin(ctx, 429, wait.why() + "; try again in " + (seconds + 59) / 60 + " minutes.");
            return;
        }
        switch (passwords.check(username, password.toCharArray(), device.isPresent())) {
            case PasswordChecks.Outcome.Busy busy -> {
                ctx.header("Retry-After", "1");
                showLogin(ctx, 429, "Many logins are being checked right now; try again in a second.");
            }
            case PasswordChecks.Outcome.Wrong wrong -> {
                throttle.failed(username, origin);
                LOG.info(
                        "dashboard login refused for '{}' from {}",
                        username.length() > 64 ? username.substring(0, 64) : username,
                        device.isPresent() ? "a known browser" : origin); // a device id is not for logs
                showLogin(ctx, 401, "Wrong user name or password.");
            }
            case PasswordChecks.Outcome.Valid(Users.User user) -> {
                throttle.succeeded(username, origin);
                signIn(ctx, user);
            }
        }
    }

    private void signIn(Context ctx, Users.User user) {
        Sessions.Session session = sessions.start(user);
        cookie(ctx, SESSION_COOKIE, session.token(), "/", -1);
        cookie(ctx, LOGIN_COOKIE, "", "/login", 0);
        cookie(ctx, DEVICE_COOKIE, devices.issue(user.username()), "/login", DEVICE_MAX_AGE);
        String next = safeNext(ctx.formParam("next"));
        ctx.redirect(
                next != null ? next : user.role() == Users.Role.SALES ? "/queue" : "/",
                io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void logout(Request r) {
        sessions.end(r.session().token());
        flashes.remove(r.session().token());
        cookie(r.ctx(), SESSION_COOKIE, "", "/", 0);
        r.ctx().redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** A local path to go to after login; null for anything else (no open redirect). */
    private @Nullable String safeNext(@Nullable String next) {
        return next != null
                        && next.startsWith("/")
                        && !next.startsWith("//")
                        && !next.contains("\\")
                        && next.length() < 500
                        && owns(next.split("\\?")[0])
                        && !next.startsWith("/login")
                ? next
                : null;
    }

    private static void cookie(Context ctx, String name, String value, String path, int maxAgeSeconds) {
        boolean https =
                "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        name + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=Lax"
                                + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "") + (https ? "; Secure" : ""));
    }

    // ------------------------------------------------------------------ answers

    /** Renders {@code template} with the page's common values (user, CSRF token, flash message). */
    void render(Request r, int status, String template, Map<String, Object> model) {
        model.put("user", r.user());
        model.put("csrf", r.session().csrf());
        model.put("flash", flashes.remove(r.session().token()));
        model.put("canAct", r.canAct());
        model.put("marketingOrAdmin", r.user().role() != Users.Role.SALES);
        model.put("admin", r.user().role() == Users.Role.ADMIN);
        model.put("canPublish", LabPage.canPublish(r.user()));
        html(r.ctx(), status, template, model);
    }

    /** Sends the browser to {@code path} with a message shown once on the next page. */
    void redirect(Request r, String path, String message) {
        if (message != null) {
            flashes.put(r.session().token(), message);
        }
        r.ctx().redirect(path, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    void notFound(Request r, String what) {
        error(r, 404, "Not found", what);
    }

    /** An error page for a signed-in user (with the navigation). */
    void error(Request r, int status, String title, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("message", message);
        render(r, status, "error", model);
    }

    @Override
    public void error(Context ctx, int status, String title, String message) {
        secure(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("message", message);
        html(ctx, status, "error", model);
    }

    private void html(Context ctx, int status, String template, Map<String, Object> model) {
        for (String common : new String[] {"user", "csrf", "flash", "page"}) { // pages without a session lack them
            model.putIfAbsent(common, null);
        }
        model.putIfAbsent("now", Times.iso(services.clock().millis())); // countdowns tick from the server's time
        model.putIfAbsent("canAct", false);
        model.putIfAbsent("marketingOrAdmin", false);
        model.putIfAbsent("canPublish", false);
        ctx.attribute(HttpServer.ANSWERED, true);
        ctx.status(status).contentType("text/html; charset=utf-8").result(views.render(template, model));
    }
}
