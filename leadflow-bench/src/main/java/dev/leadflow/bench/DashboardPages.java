package dev.leadflow.bench;

import dev.leadflow.app.port.Users;
import dev.leadflow.server.LeadflowServer;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast the dashboard's pages answer on a loaded server: an admin logs in as a browser would
 * (login form, CSRF field, session cookie), then each page is asked for once and several times
 * more; the median is printed. Part of {@link ReportBenchmark}.
 */
final class DashboardPages {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String USER = "bench-admin";
    private static final String PASSWORD = "bench-password-1";

    private final HttpClient http =
            HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final int port;

    private DashboardPages(int port) {
        this.port = port;
    }

    /** Creates the admin (once per database), logs in and times {@code pages}. */
    static void time(LeadflowServer server, List<String> pages, int runs, long nowMillis) throws Exception {
        server.users().create(USER, PASSWORD.toCharArray(), Users.Role.ADMIN, null, nowMillis);
        DashboardPages client = new DashboardPages(server.port());
        client.login();
        for (String page : pages) {
            double[] ms = new double[runs];
            long first = System.nanoTime();
            String body = client.get(page);
            double firstMs = (System.nanoTime() - first) / 1e6;
            for (int run = 0; run < runs; run++) {
                long s = System.nanoTime();
                body = client.get(page);
                ms[run] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf(
                    "GET %-45s median %6.0f ms (min %.0f, max %.0f, %d runs, %,d bytes; first %.0f ms)%n",
                    page, ms[runs / 2], ms[0], ms[runs - 1], runs, body.length(), firstMs);
        }
    }

    private void login() throws Exception {
        Matcher csrf = CSRF.matcher(get("/login"));
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF field on the login page");
        }
        String form = "_csrf=" + encode(csrf.group(1)) + "&username=" + encode(USER) + "&password=" + encode(PASSWORD);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 303) {
            throw new IllegalStateException("login: " + r.statusCode() + " " + r.body());
        }
    }

    private String get(String page) throws Exception {
        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(uri(page)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(page + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private URI uri(String page) {
        return URI.create("http://127.0.0.1:" + port + page);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
