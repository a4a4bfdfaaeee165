package dev.leadflow.bench;

import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.BacktestDraft;
import dev.leadflow.app.port.Scope;
import dev.leadflow.demo.DemoHistory;
import dev.leadflow.handoff.HandoffParser;
import dev.leadflow.input.Input;
import dev.leadflow.lab.Backtest;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelParser;
import dev.leadflow.server.LeadflowServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The backtest's figures (docs/BENCHMARKS.md, "Backtest"): a server on a fresh embedded database
 * takes a history, then {@code POST /api/model/backtest} is asked {@code runs} times with a draft
 * that lowers the engagement threshold (40 to 30), each answer timed from request to last byte.
 * {@code demo}: the 50,000-lead demo history (120 days, seed 1, as {@code leadflow demo}), also
 * backtested in-process from a copy of its records (the CLI's work once a file is read);
 * {@code synthetic}: the report benchmark's history of {@code leads} people with its hand-off.
 *
 * <pre>java … dev.leadflow.bench.BacktestBenchmark demo|synthetic [leads] [runs]</pre>
 */
public final class BacktestBenchmark {

    private BacktestBenchmark() {}

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "demo";
        int leads = args.length > 1 ? Integer.parseInt(args[1]) : kind.equals("demo") ? 50_000 : 1_000_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String example = exampleYaml();
        Model model = SyntheticLoad.exampleModel();
        String draft = example.replace("{ score: engagement, gte: 40 }", "{ score: engagement, gte: 30 }");
        Path dir = Files.createTempDirectory("leadflow-backtest-bench");
        try {
            List<Input> history;
            Instant now;
            if (kind.equals("demo")) {
                Instant end = Instant.parse("2026-05-01T00:00:00Z");
                history = DemoHistory.generate(
                        model, new DemoHistory.Options(leads, 120, 1, end.minus(120, ChronoUnit.DAYS)));
                now = Instant.ofEpochMilli(history.getLast().epochMillis());
            } else {
                history = ReportBenchmark.history(leads, 42);
                now = Instant.parse("2026-11-01T00:00:00Z");
            }
            try (LeadflowServer server =
                    LeadflowServer.start(Database.embedded(dir), model, "127.0.0.1", 0, InstantSource.fixed(now))) {
                if (!kind.equals("demo")) {
                    String yaml = ReportBenchmark.handoff();
                    server.live()
                            .configureHandoff()
                            .configure(
                                    yaml,
                                    ((HandoffParser.Result.Valid) new HandoffParser().parse(yaml)).config(),
                                    0,
                                    "bench");
                }
                long t = System.nanoTime();
                ReportBenchmark.ingest(server, history, now.toEpochMilli());
                System.out.printf(
                        "loaded %,d records of %,d leads in %.0f s%n",
                        history.size(), server.live().leadQueries().leadCount(), (System.nanoTime() - t) / 1e9);
                if (kind.equals("demo")) {
                    offline(draft, model, history, runs);
                }
                history = null;
                api(server, draft, runs);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void api(LeadflowServer server, String draft, int runs) throws Exception {
        String key = server.keys().create(Scope.READ, 0L);
        HttpClient http = HttpClient.newHttpClient();
        double[] s = new double[runs];
        String body = "";
        for (int run = 0; run < runs; run++) {
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/model/backtest"))
                            .header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.ofString(draft))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            s[run] = (System.nanoTime() - t) / 1e9;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(r.statusCode() + " " + r.body());
            }
            body = r.body();
            System.out.printf("POST /api/model/backtest: %.2f s%n", s[run]);
        }
        print("POST /api/model/backtest", s);
        System.out.println(
                "answer: " + body.length() + " bytes, " + body.substring(0, Math.min(240, body.length())) + "…");
    }

    private static void offline(String draft, Model baseline, List<Input> history, int runs) {
        Model d = ((ModelParser.Result.Valid) new ModelParser().parse(draft)).model();
        var options =
                ((BacktestDraft.Parsed.Valid) BacktestDraft.Options.parse(null, null, null, null, null)).options();
        double[] s = new double[runs];
        for (int run = 0; run < runs; run++) {
            long t = System.nanoTime();
            BacktestDraft.run(
                    d, draft, baseline, baseline, new ArrayList<>(history), null, options, 0, Backtest.Progress.NONE);
            s[run] = (System.nanoTime() - t) / 1e9;
            System.out.printf("offline backtest of the records: %.2f s%n", s[run]);
        }
        print("offline backtest of the records", s);
    }

    private static void print(String what, double[] seconds) {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%s: median %.2f s (min %.2f, max %.2f, %d runs)%n",
                what, sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    private static String exampleYaml() {
        try (InputStream in = BacktestBenchmark.class.getResourceAsStream("/dev/leadflow/examples/model.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
