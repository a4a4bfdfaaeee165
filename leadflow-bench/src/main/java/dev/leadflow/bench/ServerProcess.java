package dev.leadflow.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code leadflow serve} in a process of its own, on a new embedded database; stopped (SIGTERM) on close. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
    private static final Pattern KEY = Pattern.compile("^\\s*(admin|write): (\\S+)");
    private final Process process;
    int port;
    String adminKey;
    String writeKey;

    private ServerProcess(Process process) {
        this.process = process;
    }

    static ServerProcess start(String launcher, Path data) throws IOException {
        Process p = new ProcessBuilder(
                        launcher, "serve", "--host", "127.0.0.1", "--port", "0", "--data", data.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        ServerProcess server = new ServerProcess(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while (server.writeKey == null && (line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                server.port = Integer.parseInt(m.group(1));
            }
            m = KEY.matcher(line);
            if (m.find()) {
                if (m.group(1).equals("admin")) {
                    server.adminKey = m.group(2);
                } else {
                    server.writeKey = m.group(2);
                }
            }
        }
        if (server.port == 0 || server.writeKey == null || server.adminKey == null) {
            server.close();
            throw new IllegalStateException(launcher + " serve did not print its port and keys");
        }
        Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> {})); // keeps its pipe from filling
        return server;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
