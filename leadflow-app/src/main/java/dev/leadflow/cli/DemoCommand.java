package dev.leadflow.cli;

import dev.leadflow.demo.DemoHistory;
import dev.leadflow.input.Input;
import dev.leadflow.input.InputCodec;
import dev.leadflow.model.Model;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Generate a realistic synthetic B2B history (JSON lines): anonymous visitors who identify on "
                    + "forms, returning visits, content by funnel stage, channels of different quality, personas that fit "
                    + "or don't, hand-raisers, and sales actions with reasons.",
            "The same options always give the same file."
        })
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--leads", defaultValue = "1000", description = "Number of people (default ${DEFAULT-VALUE}).")
    int leads;

    @Option(names = "--days", defaultValue = "90", description = "Length of the history (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--start",
            defaultValue = "2026-01-01T00:00:00Z",
            description = "When the history starts (default ${DEFAULT-VALUE}).")
    String start;

    @Option(
            names = "--model",
            paramLabel = "M.yaml",
            description = "The model whose MQLs sales works (default: the bundled examples/model.yaml).")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "E.jsonl", description = "Where to write the records.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (leads < 0 || days < 1) {
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "--leads must be ≥ 0 and --days ≥ 1");
        }
        Instant from;
        try {
            from = Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw new LeadflowCli.UserError(
                    LeadflowCli.EXIT_BAD_INPUT,
                    "--start: not an ISO-8601 instant: '" + start + "' (e.g. 2026-01-01T00:00:00Z)");
        }
        Model m = model == null ? ModelFiles.bundledExample() : ModelFiles.load(model, err);
        err.printf("demo: generating %,d leads over %d days (seed %d)…%n", leads, days, seed);
        err.flush();
        List<Input> records = DemoHistory.generate(m, new DemoHistory.Options(leads, days, seed, from));
        InputCodec codec = new InputCodec();
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < records.size(); i++) {
                w.write(codec.write(records.get(i)));
                w.write('\n');
                if ((i + 1) % 500_000 == 0) {
                    err.printf("demo: %,d / %,d records written%n", i + 1, records.size());
                    err.flush();
                }
            }
        } catch (IOException e) {
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "cannot write " + out + ": " + e);
        }
        err.printf("demo: wrote %,d records to %s%n", records.size(), out);
        return 0;
    }
}
