package dev.leadflow.cli;

import dev.leadflow.adapter.json.LeadJson;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.engine.Replay;
import dev.leadflow.model.Model;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Score a JSON-lines history with a model, offline, and print one JSON line per lead "
                    + "(sorted by lead id), or the funnel with --summary.",
            "Bad or illegal records are reported on stderr with their line number and skipped."
        })
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.yaml", description = "The scoring model.")
    Path model;

    @Option(names = "--events", required = true, paramLabel = "E.jsonl", description = "Records, one JSON per line.")
    Path events;

    @Option(
            names = "--at",
            paramLabel = "ISO-8601",
            description = "Replay up to this instant (default: the latest timestamp in the input).")
    String at;

    @Option(names = "--summary", description = "Print lead counts per stage instead of the leads.")
    boolean summary;

    @Option(names = "--transitions", description = "Add each lead's stage transitions to its line.")
    boolean transitions;

    @Option(names = "--strict", description = "Stop with exit code 1 at the first bad or illegal record.")
    boolean strict;

    @Option(
            names = "--trained",
            paramLabel = "TRAINED",
            description = "A predictive artifact (from predict train --out) for the model's probability.")
    @org.jspecify.annotations.Nullable
    Path trained;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Model m = ModelFiles.load(model, err);
        if (trained != null) {
            m = PredictCommand.withArtifact(m, model, trained);
        }
        Optional<Long> until = Optional.ofNullable(at).map(ReplayCommand::instant);
        List<Replay.Numbered> records = EventFiles.read(events, bad -> report(err, bad.line(), bad.message()));
        Replay.Result result =
                Replay.run(new Engine(m), records, until, problem -> report(err, problem.line(), problem.message()));
        if (summary) {
            out.println(LeadJson.summary(m.id(), result.at(), result.engine().leadCount(), result.funnel()));
        } else {
            for (LeadSnapshot s : result.snapshots()) {
                out.println(LeadJson.lead(s, transitions));
            }
        }
        out.flush();
        return 0;
    }

    private void report(PrintWriter err, long line, String message) {
        err.println(events + ":" + line + ": " + message);
        if (strict) {
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_RECORD, "stopped at line " + line + " (--strict)");
        }
    }

    private static long instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (ArithmeticException e) {
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "--at: out of range: '" + text + "'");
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e2) {
                throw new LeadflowCli.UserError(
                        LeadflowCli.EXIT_BAD_INPUT,
                        "--at: not an ISO-8601 instant: '" + text + "' (e.g. 2026-03-01T00:00:00Z)");
            }
        }
    }
}
