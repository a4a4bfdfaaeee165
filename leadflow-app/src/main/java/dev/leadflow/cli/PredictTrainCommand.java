package dev.leadflow.cli;

import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.JdbcRecordStore;
import dev.leadflow.adapter.jdbc.ModelStore;
import dev.leadflow.adapter.json.PredictiveJson;
import dev.leadflow.adapter.json.PredictorJson;
import dev.leadflow.adapter.tribuo.TribuoLearning;
import dev.leadflow.app.Leadflow;
import dev.leadflow.app.predict.Learner;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import dev.leadflow.predict.Features;
import dev.leadflow.predict.Predictive;
import dev.leadflow.predict.Predictor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leadflow predict train} (docs/PREDICTIVE.md): the artifact from every closed cycle, kept and/or written. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train the predictive artifact on every closed cycle of the history. With the database (--data, "
                    + "--db) it is kept there as the model's latest, and a server started on it applies it; "
                    + "--out also writes it to a file (required with --events).",
            "Prints one JSON object (its last line of output); progress goes to stderr."
        })
final class PredictTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PredictCommand.Source source;

    @Option(names = "--out", paramLabel = "TRAINED", description = "Also write the artifact (JSON) here.")
    @Nullable
    Path out;

    /** What was trained, on what, and where it went. */
    record Summary(
            String model,
            String target,
            int cycles,
            int positives,
            int open,
            @Nullable Integer version,
            @Nullable String out) {}

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (source.events != null && out == null) {
            throw new LeadflowCli.UserError(
                    LeadflowCli.EXIT_BAD_INPUT,
                    "--out: where to write the artifact; with --events there is no database to keep it in");
        }
        long started = System.nanoTime();
        Model m = ModelFiles.load(source.model, err);
        Predictive p = PredictCommand.predictive(m, source.model);
        try (Database database = source.events == null ? source.storage.open() : null) {
            ModelStore models = database == null ? null : new ModelStore(database);
            Model trainOn = models == null ? m : Leadflow.withLatestPredictor(m, models);
            List<Input> records = records(database, err);
            Features.Examples examples = PredictCommand.examples(trainOn, p, records, err, started);
            long now = System.currentTimeMillis();
            Predictor predictor = switch (Learner.train(new TribuoLearning(), examples.closed(), m, p, now)) {
                case Learner.Result.TooFew t -> throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, t.reason());
                case Learner.Result.Trained t -> t.predictor();
            };
            Integer version = models == null
                    ? null
                    : models.saveTrained(m.id(), predictor, now, "cli").version();
            if (out != null) {
                write(out, PredictorJson.write(predictor) + "\n");
            }
            PredictCommand.progress(err, started, "done");
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(PredictiveJson.mapper()
                    .writeValueAsString(new Summary(
                            m.id(),
                            p.target().wireName(),
                            examples.closed().size(),
                            (int) examples.positives(),
                            examples.open().size(),
                            version,
                            out == null ? null : out.toString())));
            stdout.flush();
            return 0;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a summary of numbers and text always writes", e);
        }
    }

    private List<Input> records(@Nullable Database database, PrintWriter err) {
        List<Input> records;
        if (database == null) {
            records = Histories.fromFile(java.util.Objects.requireNonNull(source.events), err)
                    .records();
        } else {
            records = new java.util.ArrayList<>();
            new JdbcRecordStore(database).forEachInProcessingOrder(r -> records.add(r.input()));
        }
        return records;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LeadflowCli.UserError(
                    LeadflowCli.EXIT_BAD_INPUT, "--out: cannot write " + file + ": " + e.getMessage());
        }
    }
}
