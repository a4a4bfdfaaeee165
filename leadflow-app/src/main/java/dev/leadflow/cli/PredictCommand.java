package dev.leadflow.cli;

import dev.leadflow.adapter.json.PredictiveJson;
import dev.leadflow.adapter.json.PredictorJson;
import dev.leadflow.adapter.tribuo.TribuoLearning;
import dev.leadflow.app.predict.Evaluation;
import dev.leadflow.input.Input;
import dev.leadflow.lab.PredictiveExamples;
import dev.leadflow.model.Model;
import dev.leadflow.predict.Features;
import dev.leadflow.predict.Predictive;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Learn the predictive probability from the history's closed cycles (docs/PREDICTIVE.md).",
        subcommands = {PredictCommand.Evaluate.class, PredictTrainCommand.class})
final class PredictCommand {

    @Command(
            name = "evaluate",
            mixinStandardHelpOptions = true,
            description = {
                "Train on the earliest closed cycles, predict the latest share as of their MQL instants and "
                        + "score the predictions: AUC, log loss, Brier score, calibration, the top factors, beside "
                        + "the base rate, a plain logistic regression and naive Bayes on the same split.",
                "Prints one JSON object (its last line of output); progress goes to stderr."
            })
    static final class Evaluate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        PredictCommand.Source source;

        @Option(
                names = "--holdout",
                paramLabel = "SHARE",
                defaultValue = "0.25",
                description = "The latest share of the closed cycles to test on (default 0.25).")
        String holdout;

        @Option(
                names = "--train-cycles",
                paramLabel = "N",
                description = "Train on only the earliest N closed cycles before the test (default: all of them).")
        @Nullable
        Integer trainCycles;

        @Option(names = "--predictions", paramLabel = "P.csv", description = "Write each test cycle's prediction here.")
        @Nullable
        Path predictions;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            double share = share(holdout);
            if (trainCycles != null && trainCycles < 2) {
                throw new LeadflowCli.UserError(
                        LeadflowCli.EXIT_BAD_INPUT, "--train-cycles: at least 2, not " + trainCycles);
            }
            long started = System.nanoTime();
            Model m = ModelFiles.load(source.model, err);
            Predictive p = predictive(m, source.model);
            List<Input> records = (source.events != null
                            ? Histories.fromFile(source.events, err)
                            : Histories.fromDatabase(source.storage, null, false, err))
                    .records();
            Features.Examples examples = examples(m, p, records, err, started);
            OptionalInt limit = trainCycles == null ? OptionalInt.empty() : OptionalInt.of(trainCycles);
            return switch (Evaluation.run(
                    new TribuoLearning(), examples.closed(), examples.open().size(), m, p, share, limit)) {
                case Evaluation.Result.TooFew t ->
                    throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, t.reason());
                case Evaluation.Result.Done d -> {
                    if (predictions != null) {
                        writePredictions(predictions, d.report().predictions());
                    }
                    progress(err, started, "done");
                    out.println(PredictiveJson.write(d.report()));
                    out.flush();
                    yield 0;
                }
            };
        }
    }

    private PredictCommand() {}

    /** The labelled cycles of {@code records} replayed under {@code m}, with progress on {@code err}; none is an error. */
    static Features.Examples examples(Model m, Predictive p, List<Input> records, PrintWriter err, long started) {
        if (records.isEmpty()) {
            throw new LeadflowCli.UserError(
                    LeadflowCli.EXIT_BAD_INPUT, "the history holds no records: nothing to learn from");
        }
        progress(err, started, "replaying %,d records under %s", records.size(), m.id());
        Features.Examples examples = PredictiveExamples.of(m, p, records);
        progress(
                err,
                started,
                "%,d closed cycles (%,d positive), %,d still open; training",
                examples.closed().size(),
                examples.positives(),
                examples.open().size());
        return examples;
    }

    /** What both subcommands read: the model, and the history from a file or the database. */
    static final class Source {
        @Option(
                names = "--model",
                required = true,
                paramLabel = "M.yaml",
                description = "A model with a predictive: section.")
        Path model;

        @Option(names = "--events", paramLabel = "E.jsonl", description = "A history file instead of the database.")
        @Nullable
        Path events;

        @Mixin
        StorageOptions storage;
    }

    /** {@code m} applying the artifact in {@code file} (docs/PREDICTIVE.md, "The artifact"), or a user error. */
    static Model withArtifact(Model m, Path modelFile, Path file) {
        predictive(m, modelFile);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LeadflowCli.UserError(
                    LeadflowCli.EXIT_BAD_INPUT, "--trained: cannot read " + file + ": " + e.getMessage());
        }
        return switch (PredictorJson.read(text)) {
            case PredictorJson.Read.Ok ok -> m.withPredictor(java.util.Optional.of(ok.predictor()));
            case PredictorJson.Read.Invalid bad ->
                throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, file + ": " + bad.message());
        };
    }

    static Predictive predictive(Model m, Path file) {
        return m.predictive()
                .orElseThrow(
                        () -> new LeadflowCli.UserError(
                                LeadflowCli.EXIT_BAD_INPUT,
                                file
                                        + ": the model has no predictive: section (e.g. predictive: { target: sql }), docs/PREDICTIVE.md"));
    }

    private static double share(String text) {
        try {
            double d = Double.parseDouble(text);
            if (d > 0 && d < 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new LeadflowCli.UserError(
                LeadflowCli.EXIT_BAD_INPUT, "--holdout: a share between 0 and 1 such as 0.25, not '" + text + "'");
    }

    private static void writePredictions(Path file, List<Evaluation.Prediction> rows) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("lead,cycle,mql_at,probability,outcome\n");
            for (Evaluation.Prediction p : rows) {
                w.write(csv(p.lead()) + "," + p.cycle() + "," + Instant.ofEpochMilli(p.mqlAt()) + ","
                        + String.format(Locale.ROOT, "%.6f", p.probability()) + "," + (p.outcome() ? 1 : 0) + "\n");
            }
        } catch (IOException e) {
            throw new LeadflowCli.UserError(
                    LeadflowCli.EXIT_BAD_INPUT, "--predictions: cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static void progress(PrintWriter err, long started, String format, Object... args) {
        err.printf(
                "predict: %s (%.1f s)%n",
                String.format(Locale.ROOT, format, args), (System.nanoTime() - started) / 1e9);
        err.flush();
    }
}
