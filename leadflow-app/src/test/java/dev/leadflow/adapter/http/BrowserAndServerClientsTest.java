package dev.leadflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.Fixtures;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.port.Scope;
import dev.leadflow.server.LeadflowServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@DisplayName("Clients as they are: browsers (CORS), server libraries (gzip), and those that hang up mid-body")
class BrowserAndServerClientsTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACK = """
            {"messageId":"m1","userId":"u1","event":"Content Downloaded","timestamp":"2026-03-10T11:00:00Z"}""";

    @TempDir
    Path dir;

    private LeadflowServer server;
    private String writeKey;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void start() {
        server = LeadflowServer.start(
                Database.embedded(dir), Fixtures.exampleModel(), "127.0.0.1", 0, InstantSource.fixed(NOW));
        writeKey = server.keys().create(Scope.WRITE, 0L);
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void stop() {
        root().detachAppender(log);
        server.close();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private HttpResponse<String> postBytes(String path, byte[] body, String encoding) throws Exception {
        HttpRequest.Builder r = request(path)
                .header("Content-Type", "application/json")
                .header("Authorization", basic())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            r.header("Content-Encoding", encoding);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("a preflight OPTIONS on /v1/* is answered for any origin; the POST that follows carries the header")
    void cors() throws Exception {
        for (String path : new String[] {"/v1/track", "/v1/identify", "/v1/batch", "/v1/page"}) {
            HttpResponse<String> preflight = http.send(
                    request(path)
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .header("Origin", "https://www.example.com")
                            .header("Access-Control-Request-Method", "POST")
                            .header("Access-Control-Request-Headers", "content-type, authorization")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.statusCode()).as(path).isBetween(200, 204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(path)
                    .hasValue("*");
            assertThat(preflight
                            .headers()
                            .firstValue("Access-Control-Allow-Methods")
                            .orElse(""))
                    .as(path)
                    .containsIgnoringCase("POST");
            assertThat(preflight
                            .headers()
                            .firstValue("Access-Control-Allow-Headers")
                            .orElse("")
                            .toLowerCase())
                    .as(path)
                    .contains("content-type")
                    .contains("authorization");
        }
        HttpResponse<String> post = http.send(
                request("/v1/track")
                        .header("Origin", "https://www.example.com")
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                TRACK.replace("{\"messageId\"", "{\"writeKey\":\"" + writeKey + "\",\"messageId\"")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
        assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(server.store().count()).isEqualTo(1);
        // the management API is not opened to other origins
        HttpResponse<String> api = http.send(
                request("/api/leads")
                        .header("Origin", "https://www.example.com")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    @DisplayName("a gzip body is read as its decompressed JSON, within the same limits, decompressed")
    void gzipBodies() throws Exception {
        HttpResponse<String> ok = postBytes("/v1/track", gzip(TRACK), "gzip");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(server.store().count()).isEqualTo(1);
        HttpResponse<String> batch = postBytes("/v1/batch", gzip("""
                {"batch":[{"type":"track","messageId":"b1","userId":"u2","event":"Demo Requested",
                 "timestamp":"2026-03-10T11:00:00Z"}]}"""), "GZIP");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        assertThat(server.store().count()).isEqualTo(2);

        // 40 KB of JSON that compresses to well under 1 KB is still over the 32 KB event limit
        String big = TRACK.replace("\"event\"", "\"properties\":{\"pad\":\"" + "x".repeat(40 * 1024) + "\"},\"event\"");
        HttpResponse<String> bomb = postBytes("/v1/track", gzip(big), "gzip");
        assertThat(bomb.statusCode()).isEqualTo(400);
        assertThat(error(bomb)).contains("larger than 32 KB");

        HttpResponse<String> corrupt = postBytes("/v1/track", TRACK.getBytes(StandardCharsets.UTF_8), "gzip");
        assertThat(corrupt.statusCode()).isEqualTo(400);
        assertThat(error(corrupt)).contains("gzip");

        HttpResponse<String> unknown = postBytes("/v1/track", TRACK.getBytes(StandardCharsets.UTF_8), "br");
        assertThat(unknown.statusCode()).isEqualTo(415);
        assertThat(error(unknown)).contains("'br'").contains("gzip");
        HttpResponse<String> identity = postBytes("/v1/track", TRACK.getBytes(StandardCharsets.UTF_8), "identity");
        assertThat(identity.statusCode()).as(identity.body()).isEqualTo(200);
        assertThat(server.store().count()).isEqualTo(2); // m1 again: deduplicated
    }

    private static String error(HttpResponse<String> r) throws IOException {
        JsonNode body = JSON.readTree(r.body());
        return body.get("error").asText();
    }

    @Test
    @DisplayName("a client that hangs up mid-body costs one log line, no stack trace and no server error")
    void hangUpMidBody() throws Exception {
        String admin = "Bearer " + server.keys().create(Scope.ADMIN, 0L);
        for (String[] call : new String[][] {{"POST", "/v1/batch", basic()}, {"PUT", "/api/model", admin}}) {
            String path = call[1];
            log.list.clear();
            int status;
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write((call[0] + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + call[2]
                                + "\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{\"batch\":[")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.shutdownOutput(); // the rest never comes
                status = statusOf(socket.getInputStream());
            }
            assertThat(status).as(path).isBetween(400, 499);
            assertThat(log.list).as(path).hasSize(1);
            ILoggingEvent line = log.list.getFirst();
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getThrowableProxy()).isNull();
            assertThat(line.getFormattedMessage())
                    .contains(path)
                    .contains("closed")
                    .doesNotContain("\n");
        }
        assertThat(http.send(request("/health").build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    /** The status code of the response on {@code in}, or 0 when the server closed without one. */
    private static int statusOf(InputStream in) throws IOException {
        String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : 0;
    }
}
