package dev.leadflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code leadflow serve} in a process of its own, as a user starts it (the test's class path, the
 * JVM running the tests), on a data directory: its port and, on first start, the keys it printed.
 */
record ServerProcess(Process process, int port, String adminKey, String writeKey) {

    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
    private static final Pattern ADMIN_KEY = Pattern.compile("admin: (lf_admin_\\S+)");
    private static final Pattern WRITE_KEY = Pattern.compile("write: (lf_write_\\S+)");

    /** Starts {@code serve --port 0 --host 127.0.0.1 --data dir} with {@code more} options and waits until it listens. */
    static ServerProcess start(Path dir, String... more) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.leadflow.cli.LeadflowCli",
                "serve",
                "--port",
                "0",
                "--host",
                "127.0.0.1",
                "--data",
                dir.toString()));
        command.addAll(List.of(more));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int port = -1;
        String admin = null;
        String write = null;
        StringBuilder printed = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            printed.append(line).append('\n');
            Matcher listening = LISTENING.matcher(line);
            Matcher adminKey = ADMIN_KEY.matcher(line);
            Matcher writeKey = WRITE_KEY.matcher(line);
            if (listening.find()) {
                port = Integer.parseInt(listening.group(1));
            } else if (adminKey.find()) {
                admin = adminKey.group(1);
            } else if (writeKey.find()) {
                write = writeKey.group(1);
            }
            if (port > 0 && (write != null || line.startsWith("Keys: created earlier"))) {
                break;
            }
        }
        assertThat(port)
                .as("the server printed its port; it printed:%n%s", printed)
                .isPositive();
        Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> {})); // keep draining its output
        return new ServerProcess(process, port, admin, write);
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
    }

    /** SIGTERM: the shutdown hook closes the server. */
    void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
    }
}
