package dev.leadflow.cli;

import dev.leadflow.adapter.csv.BacktestCsv;
import dev.leadflow.adapter.json.BacktestJson;
import dev.leadflow.app.BacktestDraft;
import dev.leadflow.lab.Backtest;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = {
            "Replay a history under a draft model, with no side effects, and compare its MQLs with what "
                    + "really happened: MQLs per week, precision and recall against SQLs and wins, lift by decile, "
                    + "capacity per rep, the leads that change against the baseline, and a sweep of each MQL threshold.",
            "The history is --events (a JSON-lines file) or the stored one (--data, default ./data, or --db). "
                    + "Prints one JSON object (its last line of output), or the tables with --format csv; "
                    + "progress goes to stderr. docs/MODEL.md, \"Backtest\", explains every figure."
        })
final class BacktestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DRAFT.yaml", description = "The draft model.")
    Path model;

    @Option(
            names = "--trained",
            paramLabel = "TRAINED",
            description = "A predictive artifact (from predict train --out) for the draft's probability;"
                    + " with a database the latest one trained for the model in force is applied without it.")
    @Nullable
    Path trained;

    @Option(
            names = "--baseline",
            paramLabel = "CURRENT.yaml",
            description =
                    "The model to compare with (default: the published model in force for a database, none for a file).")
    @Nullable
    Path baseline;

    @Option(names = "--events", paramLabel = "E.jsonl", description = "A history file instead of the database.")
    @Nullable
    Path events;

    @Mixin
    StorageOptions storage;

    @Option(
            names = "--from",
            paramLabel = "YYYY-MM-DD",
            description = "First day of the period (default: the history's first).")
    @Nullable
    String from;

    @Option(
            names = "--to",
            paramLabel = "YYYY-MM-DD",
            description = "Last day of the period, inclusive (default: the history's last).")
    @Nullable
    String to;

    @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone of the days and weeks (default: UTC).")
    @Nullable
    String tz;

    @Option(
            names = "--horizon",
            paramLabel = "DURATION",
            description = "How long after an MQL an SQL or win counts (default: 90d).")
    @Nullable
    String horizon;

    @Option(
            names = "--reps",
            paramLabel = "N",
            description = "Reps who would take the MQLs (default: the hand-off's members).")
    @Nullable
    String reps;

    @Option(names = "--format", paramLabel = "json|csv", defaultValue = "json", description = "json (default) or csv.")
    String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("json") && !format.equals("csv")) {
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "--format: json or csv, not '" + format + "'");
        }
        BacktestDraft.Options options = switch (BacktestDraft.Options.parse(from, to, tz, horizon, reps)) {
            case BacktestDraft.Parsed.Valid v -> v.options();
            case BacktestDraft.Parsed.Invalid i -> throw invalid(i.errors(), err);
        };
        String draftYaml = ModelFiles.read(model);
        Model draft = ModelFiles.parse(draftYaml, model.toString(), err);
        @Nullable Model base = baseline == null ? null : ModelFiles.load(baseline, err);
        Histories.History history = events != null
                ? Histories.fromFile(events, err)
                : Histories.fromDatabase(storage, "backtest", base == null, err);
        if (trained != null) { // the draft, and a baseline with a predictive section, apply this artifact
            draft = PredictCommand.withArtifact(draft, model, trained);
            if (base != null && base.predictive().isPresent()) {
                base = base.withPredictor(draft.predictor());
            }
        } else if (draft.predictive().isPresent() && history.inForce() != null) {
            draft = draft.withPredictor(history.inForce().predictor()); // the artifact the server applies
        }
        if (history.records().isEmpty()) {
            throw new LeadflowCli.UserError(
                    LeadflowCli.EXIT_BAD_INPUT, "the history holds no records: nothing to backtest on");
        }
        long started = System.nanoTime();
        BacktestDraft.Result result = BacktestDraft.run(
                draft,
                draftYaml,
                base != null ? base : history.inForce(),
                history.inForce(), // a database's real outcomes are under the model in force, whatever the baseline
                history.records(),
                null,
                options,
                history.members(),
                progress(err, started));
        return switch (result) {
            case BacktestDraft.Result.Done d -> {
                out.println(format.equals("csv") ? BacktestCsv.write(d.result()) : BacktestJson.write(d.result()));
                out.flush();
                yield 0;
            }
            case BacktestDraft.Result.Invalid i -> throw invalid(i.errors(), err);
            case BacktestDraft.Result.BadOptions o -> throw invalid(o.errors(), err);
            case BacktestDraft.Result.Busy b ->
                throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, b.message());
        };
    }

    private static Backtest.Progress progress(PrintWriter err, long started) {
        return (step, done, total) -> {
            err.printf("backtest: %s (%d/%d, %.1f s)%n", step, done, total, (System.nanoTime() - started) / 1e9);
            err.flush();
        };
    }

    private static LeadflowCli.UserError invalid(List<ModelError> errors, PrintWriter err) {
        errors.forEach(e -> err.println("--" + e.path() + ": " + e.message()));
        return new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "invalid options (" + errors.size() + ")");
    }
}
