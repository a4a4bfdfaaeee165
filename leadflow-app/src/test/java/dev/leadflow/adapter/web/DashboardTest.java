package dev.leadflow.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.lifecycle.Stage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The dashboard over HTTP: logins, sessions, CSRF, roles, exports and bad input")
class DashboardTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private DashboardFixture fixture;
    private final HttpClient http = HttpClient.newHttpClient(); // follows no redirects

    @BeforeEach
    void start() throws Exception {
        fixture = new DashboardFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** A browser's worth of state: its cookies and the last CSRF token it saw. */
    private final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();
        final HttpClient client;
        String csrf;

        Browser() {
            client = http;
        }

        /** A browser on another machine: its requests come from {@code address} (any of 127.0.0.0/8). */
        Browser(String address) throws Exception {
            client = HttpClient.newBuilder()
                    .localAddress(java.net.InetAddress.getByName(address))
                    .build();
        }

        HttpResponse<String> get(String path, String... headers) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(fixture.url(path))).GET(), headers);
        }

        HttpResponse<String> post(String path, Map<String, String> form, String... headers) throws Exception {
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(
                    HttpRequest.newBuilder(URI.create(fixture.url(path)))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body)),
                    headers);
        }

        private HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws Exception {
            if (!cookies.isEmpty()) {
                request.header(
                        "Cookie",
                        cookies.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining("; ")));
            }
            if (headers.length > 0) {
                request.headers(headers);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.split(";")[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty()) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            Matcher m = CSRF.matcher(response.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return response;
        }

        HttpResponse<String> logIn(String user, String password, String... headers) throws Exception {
            get("/login");
            return post("/login", Map.of("_csrf", csrf, "username", user, "password", password), headers);
        }
    }

    private Browser loggedIn(String user) throws Exception {
        Browser b = new Browser();
        assertThat(b.logIn(user, DashboardFixture.PASSWORD).statusCode()).isEqualTo(303);
        b.get("/"); // a page, for its CSRF token
        return b;
    }

    private Stage stage(String lead) {
        return fixture.server
                .live()
                .leadQueries()
                .lead(lead, fixture.clock.millis())
                .orElseThrow()
                .stage();
    }

    @Test
    @DisplayName("a visitor is sent to log in and back; a form without a session changes nothing")
    void visitor() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> page = b.get("/leads?stage=mql");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).contains("/login?next=%2Fleads%3Fstage%3Dmql");
        assertThat(b.post("/leads/u1/act", Map.of("action", "accept")).statusCode())
                .isEqualTo(401);
        assertThat(stage("u1")).isEqualTo(Stage.MQL);
        assertThat(b.get("/reports/funnel?format=csv").statusCode()).isEqualTo(303);
        assertThat(b.get("/static/leadflow.css").statusCode()).isEqualTo(200);
        assertThat(b.get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js").statusCode())
                .isEqualTo(200);
        assertThat(b.get("/webjars/htmx.org/2.0.10/dist/htmx.min.js").statusCode())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("the dashboard's report downloads neutralise a campaign source that a spreadsheet would run")
    void reportCsvsAreInert() throws Exception {
        fixture.handRaiser("u5", "=Eve", "=HYPERLINK(1)", Duration.ofMinutes(11));
        Browser mia = loggedIn("mia");
        for (String report : List.of("funnel?by=source", "velocity?by=source", "handoff?by=source&part=cycles")) {
            HttpResponse<String> csv = mia.get("/reports/" + report + "&format=csv");
            assertThat(csv.statusCode()).as(report).isEqualTo(200);
            assertThat(csv.body()).as(report).contains("'=HYPERLINK(1),").doesNotContainPattern("(?m)(^|,)=");
        }
        assertThat(mia.get("/leads.csv").body()).contains(",'=Eve,").doesNotContainPattern("(?m)(^|,)=");
    }

    @Test
    @DisplayName("login: a wrong password or a forged form is refused, five failures hold a name back for 15 minutes"
            + " from that address only;"
            + " the session cookie is HttpOnly, SameSite and, behind HTTPS, Secure; it goes back only to a local page")
    void login() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> wrong = b.logIn("ann", "not the password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong user name or password.");
        assertThat(b.cookies).doesNotContainKey(Dashboard.SESSION_COOKIE);
        assertThat(new Browser()
                        .post(
                                "/login",
                                Map.of("_csrf", "forged", "username", "ann", "password", DashboardFixture.PASSWORD))
                        .statusCode())
                .isEqualTo(403);

        HttpResponse<String> ok = b.logIn("ann", DashboardFixture.PASSWORD);
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location")).contains("/queue");
        String cookie = ok.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Dashboard.SESSION_COOKIE))
                .findFirst()
                .orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure");
        assertThat(new Browser()
                        .logIn("ada", DashboardFixture.PASSWORD, "X-Forwarded-Proto", "https")
                        .headers()
                        .allValues("Set-Cookie"))
                .anySatisfy(
                        c -> assertThat(c).startsWith(Dashboard.SESSION_COOKIE).contains("Secure"));

        for (int i = 0; i < LoginThrottle.LIMIT; i++) {
            assertThat(new Browser("127.0.0.2").logIn("bob", "guess " + i).statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> throttled = new Browser("127.0.0.2").logIn("bob", DashboardFixture.PASSWORD);
        assertThat(throttled.statusCode())
                .as("the guesser waits, even with the right password")
                .isEqualTo(429);
        assertThat(throttled.body()).contains("Too many failed logins for this user name");
        assertThat(throttled.headers().firstValue("Retry-After"))
                .hasValue(String.valueOf(LoginThrottle.WINDOW.toSeconds()));
        assertThat(new Browser().logIn("bob", DashboardFixture.PASSWORD).statusCode())
                .as("bob, from his own machine, is not locked out")
                .isEqualTo(303);
        fixture.clock.set(fixture.clock.instant().plus(LoginThrottle.WINDOW));
        assertThat(new Browser("127.0.0.2")
                        .logIn("bob", DashboardFixture.PASSWORD)
                        .statusCode())
                .isEqualTo(303);

        Browser next = new Browser();
        next.get("/login?next=" + URLEncoder.encode("/leads?stage=mql", StandardCharsets.UTF_8));
        assertThat(next.post(
                                "/login",
                                Map.of(
                                        "_csrf",
                                        next.csrf,
                                        "username",
                                        "ada",
                                        "password",
                                        DashboardFixture.PASSWORD,
                                        "next",
                                        "/leads?stage=mql"))
                        .headers()
                        .firstValue("Location"))
                .contains("/leads?stage=mql");
        Browser evil = new Browser();
        evil.get("/login");
        assertThat(evil.post(
                                "/login",
                                Map.of(
                                        "_csrf",
                                        evil.csrf,
                                        "username",
                                        "ada",
                                        "password",
                                        DashboardFixture.PASSWORD,
                                        "next",
                                        "//evil.example/"))
                        .headers()
                        .firstValue("Location"))
                .contains("/");
    }

    @Test
    @DisplayName("login: a browser that signed in before gets in while its address is held back by others' guesses;"
            + " its device cookie is for that user only and cannot be forged")
    void knownDevice() throws Exception {
        Browser laptop = new Browser("127.0.0.3");
        assertThat(laptop.logIn("ann", DashboardFixture.PASSWORD).statusCode()).isEqualTo(303);
        assertThat(laptop.cookies).containsKey(Dashboard.DEVICE_COOKIE);
        laptop.cookies.remove(Dashboard.SESSION_COOKIE); // ann logs out; the device cookie stays
        for (int i = 0; i < LoginThrottle.ADDRESS_LIMIT; i++) { // a guesser behind the same address
            assertThat(new Browser("127.0.0.3").logIn("guess" + i, "guess").statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> stranger = new Browser("127.0.0.3").logIn("ann", DashboardFixture.PASSWORD);
        assertThat(stranger.statusCode())
                .as("a new browser from that address waits")
                .isEqualTo(429);
        assertThat(stranger.body()).contains("Too many failed logins from your address");
        assertThat(laptop.logIn("bob", DashboardFixture.PASSWORD).statusCode())
                .as("the device cookie is ann's, not bob's")
                .isEqualTo(429);
        Browser forged = new Browser("127.0.0.3");
        forged.cookies.put(
                Dashboard.DEVICE_COOKIE,
                laptop.cookies.get(Dashboard.DEVICE_COOKIE).replace('.', 'x') + ".x");
        assertThat(forged.logIn("ann", DashboardFixture.PASSWORD).statusCode()).isEqualTo(429);
        assertThat(laptop.logIn("ann", DashboardFixture.PASSWORD).statusCode())
                .as("ann's laptop gets in")
                .isEqualTo(303);
    }

    @Test
    @DisplayName("every form needs the session's CSRF token: without it, or with another's, nothing changes")
    void csrf() throws Exception {
        Browser ann = loggedIn("ann");
        Browser other = loggedIn("ada");
        assertThat(ann.post("/leads/u1/act", Map.of("action", "accept")).statusCode())
                .isEqualTo(403);
        assertThat(ann.post("/leads/u1/act", Map.of("action", "accept", "_csrf", other.csrf))
                        .statusCode())
                .isEqualTo(403);
        assertThat(stage("u1")).isEqualTo(Stage.MQL);
        HttpResponse<String> done =
                ann.post("/leads/u1/act", Map.of("action", "accept", "_csrf", ann.csrf, "back", "/queue"));
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).contains("/queue");
        assertThat(stage("u1")).isEqualTo(Stage.SAL);
        assertThat(ann.get("/queue").body()).contains("Lead u1: accept done; now sal.");
        assertThat(ann.post("/logout", Map.of("_csrf", ann.csrf)).statusCode()).isEqualTo(303);
        assertThat(ann.get("/queue").statusCode()).as("logged out").isEqualTo(303);
    }

    @Test
    @DisplayName(
            "the model lab: marketing backtests but cannot publish; a rep can do neither; bad options name themselves")
    void labRoles() throws Exception {
        String yaml = fixture.server.models().current().orElseThrow().yaml();
        Browser mia = loggedIn("mia");
        HttpResponse<String> backtest = mia.post("/model/backtest", Map.of("draft", yaml, "_csrf", mia.csrf));
        assertThat(backtest.statusCode()).isEqualTo(200);
        assertThat(backtest.body()).contains("id=\"lab-summary\"").doesNotContain("id=\"publish\"");
        assertThat(mia.get("/model/backtest/progress").body())
                .as("none running")
                .isEmpty();
        assertThat(mia.post("/model/publish", Map.of("draft", yaml, "confirm", "yes", "_csrf", mia.csrf))
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> bad = mia.post(
                "/model/backtest", Map.of("draft", yaml, "horizon", "soon", "from", "2026-02-31", "_csrf", mia.csrf));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("<code>horizon</code>", "<code>from</code>");
        assertThat(mia.post("/model/backtest", Map.of("draft", "name: [", "_csrf", mia.csrf))
                        .statusCode())
                .isEqualTo(400);
        Browser bob = loggedIn("bob");
        assertThat(bob.post("/model/backtest", Map.of("draft", yaml, "_csrf", bob.csrf))
                        .statusCode())
                .isEqualTo(403);
        assertThat(bob.get("/model/backtest/progress").statusCode()).isEqualTo(403);
        Browser ada = loggedIn("ada");
        HttpResponse<String> confirm = ada.post(
                "/model/publish", Map.of("draft", yaml.replace("version: 1", "version: 7"), "_csrf", ada.csrf));
        assertThat(confirm.body()).contains("id=\"confirm\"", "+ version: 7", "- version: 1");
        assertThat(fixture.server.models().versions())
                .as("nothing published before the confirmation")
                .hasSize(1);
        assertThat(fixture.server.store().count())
                .as("nothing stored by a backtest")
                .isEqualTo(12);
    }

    @Test
    @DisplayName("personal data: an admin downloads a lead's export and erases it with a reason and a confirmation;"
            + " the pages then show the pseudonymous lead only; others see neither control")
    void exportAndErase() throws Exception {
        Browser ada = loggedIn("ada");
        assertThat(ada.get("/leads/u1").body()).contains("id=\"export-person\"", "id=\"erase-form\"");
        HttpResponse<String> export = ada.get("/leads/u1/export");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"leadflow-export.json\"");
        assertThat(export.body()).contains("\"format\" : \"leadflow.export/1\"", "Una Able");
        HttpResponse<String> unconfirmed =
                ada.post("/leads/u1/erase", Map.of("reason", "GDPR request 9", "_csrf", ada.csrf));
        assertThat(unconfirmed.statusCode()).isEqualTo(303);
        assertThat(ada.get("/leads/u1").body()).contains("tick the confirmation", "Una Able");
        HttpResponse<String> erased =
                ada.post("/leads/u1/erase", Map.of("reason", "GDPR request 9", "confirm", "yes", "_csrf", ada.csrf));
        assertThat(erased.statusCode()).isEqualTo(303);
        String location = erased.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/leads/erased%3A");
        String page = ada.get(location).body();
        assertThat(page).contains("Erased: the person", "id=\"erased-note\"").doesNotContain("Una Able");
        assertThat(ada.get("/leads").body()).doesNotContain("Una Able", "u1@acme.example");
        assertThat(ada.get("/leads/u1").statusCode()).isEqualTo(404);
        assertThat(ada.get("/audit").body()).contains("lead.erased", "GDPR request 9");

        Browser mia = loggedIn("mia");
        assertThat(mia.get("/leads/u2").body()).doesNotContain("id=\"privacy\"");
        assertThat(mia.get("/leads/u2/export").statusCode()).isEqualTo(403);
        assertThat(mia.post("/leads/u2/erase", Map.of("reason", "x", "confirm", "yes", "_csrf", mia.csrf))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    @DisplayName("the audit log page: admins read it (the fixture's hand-off change is there); others are refused")
    void auditPage() throws Exception {
        Browser ada = loggedIn("ada");
        HttpResponse<String> page = ada.get("/audit");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<td class=\"action\">handoff.changed</td>", "href=\"/audit\"");
        assertThat(ada.get("/audit?action=lead.erased").body()).contains("No entries for lead.erased");
        assertThat(ada.get("/audit?before=x").statusCode()).isEqualTo(400);
        Browser mia = loggedIn("mia");
        assertThat(mia.get("/audit").statusCode()).isEqualTo(403);
        assertThat(mia.get("/").body()).doesNotContain("href=\"/audit\"");
        assertThat(loggedIn("ann").get("/audit").statusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("roles: marketing cannot act; a rep cannot see, export or act on another rep's leads")
    void roles() throws Exception {
        Browser mia = loggedIn("mia");
        assertThat(mia.post("/leads/u1/act", Map.of("action", "accept", "_csrf", mia.csrf))
                        .statusCode())
                .isEqualTo(403);
        Browser bob = loggedIn("bob");
        HttpResponse<String> others =
                bob.post("/leads/u1/act", Map.of("action", "reject", "reason", "not_icp", "_csrf", bob.csrf));
        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(stage("u1")).isEqualTo(Stage.MQL);
        assertThat(bob.get("/leads/u1").statusCode()).isEqualTo(404);
        assertThat(bob.get("/leads/u2").statusCode()).isEqualTo(200);
        assertThat(bob.get("/model").statusCode()).isEqualTo(403);
        String csv = bob.get("/leads.csv?owner=ann").body();
        assertThat(csv.lines().skip(1).map(l -> l.split(",")[0])).containsExactly("u2", "u4");
        assertThat(bob.get("/queue?owner=ann").body()).contains("item-u2").doesNotContain("item-u1");
        assertThat(mia.get("/queue").body())
                .contains("1–4 of 4, the most urgent first", "item-u1", "item-u4")
                .doesNotContain("href=\"/queue?offset=");
        String last = mia.get("/queue?offset=3").body();
        assertThat(last).contains("4–4 of 4", "href=\"/queue?offset=0\"");
        assertThat(Pattern.compile("id=\"item-").matcher(last).results().count())
                .as("one lead on the last page")
                .isEqualTo(1);
        assertThat(mia.get("/queue?offset=junk").body()).contains("1–4 of 4");
        assertThat(mia.get("/queue?offset=9").body())
                .contains("Past the end of the queue (4 waiting)", "href=\"/queue?offset=0\"")
                .doesNotContain("Nothing waiting", "of 4,");
        HttpResponse<String> funnel = bob.get("/reports/funnel?format=csv&period=month");
        assertThat(funnel.statusCode()).isEqualTo(200);
        assertThat(funnel.body().lines().findFirst())
                .hasValueSatisfying(h -> assertThat(h).startsWith("cohort,leads,"));
        assertThat(funnel.body().lines().skip(1).findFirst())
                .hasValueSatisfying(r -> assertThat(r).startsWith("2026-11-01,4,4,4,"));
        assertThat(mia.get("/reports/handoff?format=csv&part=owners").body()).contains("ann", "bob");
        assertThat(mia.get("/reports/funnel?period=year").statusCode()).isEqualTo(400);
        String all = mia.get("/leads.csv?stage=mql").body();
        assertThat(all.lines().findFirst())
                .contains("lead,stage,fit,engagement,grade,cycle,mql_at,owner,email,name,company");
        assertThat(all.lines().skip(1).map(l -> l.split(",")[0] + ":" + l.split(",")[7]))
                .containsExactly("u1:ann", "u2:bob", "u3:ann", "u4:bob");
    }

    @Test
    @DisplayName("the leads API filters by the hand-off owner and exports CSV")
    void leadsApiOwner() throws Exception {
        HttpResponse<String> json = http.send(
                HttpRequest.newBuilder(URI.create(fixture.url("/api/leads?owner=ann")))
                        .header("Authorization", "Bearer " + fixture.adminKey)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.body()).contains("\"total\":2", "\"u1\"", "\"u3\"").doesNotContain("\"u2\"");
        HttpResponse<String> none = http.send(
                HttpRequest.newBuilder(URI.create(fixture.url("/api/leads?owner=none")))
                        .header("Authorization", "Bearer " + fixture.adminKey)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.body()).contains("\"total\":0");
        HttpResponse<String> csv = http.send(
                HttpRequest.newBuilder(URI.create(fixture.url("/api/leads?format=csv&owner=bob")))
                        .header("Authorization", "Bearer " + fixture.adminKey)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body().lines().skip(1).map(l -> l.split(",")[0])).containsExactly("u2", "u4");
    }

    @Test
    @DisplayName("pages forbid framing, inline script and caching; a session ends after 12 idle hours")
    void headersAndExpiry() throws Exception {
        Browser ada = loggedIn("ada");
        HttpResponse<String> page = ada.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        fixture.clock.set(fixture.clock.instant().plus(Duration.ofHours(11)));
        assertThat(ada.get("/").statusCode()).isEqualTo(200);
        fixture.clock.set(fixture.clock.instant().plus(Duration.ofHours(12)));
        assertThat(ada.get("/").statusCode()).isEqualTo(303);
    }

    @Test
    @DisplayName("bad input: a clear page, never a 500; a draft model's errors are named by path")
    void badInput() throws Exception {
        Browser ada = loggedIn("ada");
        HttpResponse<String> leads = ada.get("/leads?limit=abc&stage=hot");
        assertThat(leads.statusCode()).isEqualTo(400);
        assertThat(leads.body()).contains("limit: expected a whole number", "stage: unknown stage");
        HttpResponse<String> overview = ada.get("/?period=year&from=yesterday");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("period: &#39;year&#39; is not one of week, month");
        for (String user : List.of("ada", "mia", "ann")) {
            Browser b = loggedIn(user);
            HttpResponse<String> far = b.get("/?from=-999999999-01-01&to=%2B999999999-12-31");
            assertThat(far.statusCode()).as(user).isEqualTo(200);
            assertThat(far.body()).contains("from: ", "between 0001-01-01 and 9999-12-31");
            for (String report : List.of("funnel", "velocity", "handoff")) {
                HttpResponse<String> csv = b.get("/reports/" + report + "?format=csv&from=-999999999-01-01");
                assertThat(csv.statusCode()).as(user + " " + report).isEqualTo(400);
                assertThat(csv.body()).contains("from: ");
            }
        }
        HttpResponse<String> draft =
                ada.post("/model/validate", Map.of("_csrf", ada.csrf, "draft", "name: x\nfit: 3\n"));
        assertThat(draft.statusCode()).isEqualTo(400);
        assertThat(draft.body()).contains("id=\"problems\"");
        assertThat(ada.post("/leads/u1/act", Map.of("_csrf", ada.csrf, "action", "reject"))
                        .headers()
                        .firstValue("Location"))
                .contains("/leads/u1");
        assertThat(ada.get("/leads/u1").body()).contains("reject needs a reason");
        assertThat(stage("u1")).isEqualTo(Stage.MQL);
        assertThat(ada.get("/leads/%3Cscript%3E").body())
                .doesNotContain("<script>alert")
                .contains("&lt;script&gt;");

        Random random = new Random(7);
        List<String> failures = new ArrayList<>();
        for (String route : fixture.server.pages().stream()
                .filter(r -> !r.equals("POST /logout"))
                .toList()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replace("{id}", "u1");
            for (int i = 0; i < 10; i++) {
                byte[] junk = new byte[random.nextInt(200)];
                random.nextBytes(junk);
                String text = new String(junk, StandardCharsets.ISO_8859_1);
                HttpResponse<String> r = method.equals("GET")
                        ? ada.get(path + "?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&offset=-1")
                        : ada.post(
                                path,
                                Map.of(
                                        "_csrf",
                                        i % 2 == 0 ? ada.csrf : text,
                                        "action",
                                        text,
                                        "draft",
                                        text,
                                        "reason",
                                        text,
                                        "username",
                                        text,
                                        "password",
                                        text));
                if (r.statusCode() >= 500) {
                    failures.add(route + " " + r.statusCode());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    @DisplayName("the lab's predictive card: marketing evaluates, only an admin may train, and each says why not")
    void predictiveLab() throws Exception {
        Browser mia = loggedIn("mia");
        HttpResponse<String> page = mia.get("/model");
        assertThat(page.body())
                .contains("id=\"predictive\"", "Not trained yet", "id=\"evaluate\"")
                .doesNotContain("id=\"train\"");
        HttpResponse<String> evaluated = mia.post("/model/predictive/evaluate", Map.of("_csrf", mia.csrf));
        assertThat(evaluated.statusCode()).isEqualTo(303);
        assertThat(mia.get("/model").body())
                .contains("Not evaluated:", "no closed cycles to test on", "id=\"evaluation-refused\"");
        assertThat(mia.post("/model/predictive/train", Map.of("_csrf", mia.csrf))
                        .statusCode())
                .isEqualTo(403);

        Browser ada = loggedIn("ada");
        assertThat(ada.get("/model").body()).contains("id=\"train\"");
        assertThat(ada.post("/model/predictive/train", Map.of("_csrf", ada.csrf))
                        .statusCode())
                .isEqualTo(303);
        assertThat(ada.get("/model").body()).contains("Not trained:", "predictive.min_outcomes needs 40 of each");
        assertThat(fixture.server
                        .models()
                        .trained(fixture.server.live().leadQueries().model().id()))
                .isEmpty();
    }
}
