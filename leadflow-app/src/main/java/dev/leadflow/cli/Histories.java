package dev.leadflow.cli;

import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.HandoffStore;
import dev.leadflow.adapter.jdbc.JdbcRecordStore;
import dev.leadflow.adapter.jdbc.ModelStore;
import dev.leadflow.app.Leadflow;
import dev.leadflow.engine.Replay;
import dev.leadflow.handoff.HandoffParser;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The history a lab command reads: a JSON-lines file, or the stored one (backtest, predict). */
final class Histories {

    /** The records in processing order, the model in force (null: none) and the hand-off's members. */
    record History(List<Input> records, @Nullable Model inForce, int members) {}

    private Histories() {}

    /** The file's records in time order (bad lines named on {@code err} and left out). */
    static History fromFile(Path file, PrintWriter err) {
        List<Replay.Numbered> read =
                EventFiles.read(file, bad -> err.println(file + ":" + bad.line() + ": " + bad.message()));
        List<Input> records = new ArrayList<>(read.size());
        read.stream()
                .sorted(Comparator.comparingLong(n -> n.input().epochMillis()))
                .forEach(n -> records.add(n.input()));
        return new History(records, null, 0);
    }

    /**
     * The stored history, the model in force (the bundled example when none is published, said on
     * {@code err} by {@code command} unless it is null) and the hand-off's members.
     */
    static History fromDatabase(
            StorageOptions storage, @Nullable String command, boolean inForceIsBaseline, PrintWriter err) {
        try (Database database = storage.open()) {
            List<Input> records = new ArrayList<>();
            new JdbcRecordStore(database).forEachInProcessingOrder(r -> records.add(r.input()));
            ModelStore models = new ModelStore(database);
            var published = models.current();
            Model inForce = Leadflow.withLatestPredictor(
                    published.isPresent()
                            ? ModelFiles.parse(published.get().yaml(), "the published model", err)
                            : ModelFiles.bundledExample(),
                    models);
            if (published.isEmpty() && command != null) {
                err.println(command + ": no model is published; the model in force"
                        + (inForceIsBaseline ? " and baseline" : "") + " is the bundled example model");
            }
            var versions = new HandoffStore(database).versions();
            int members = versions.isEmpty()
                    ? 0
                    : switch (new HandoffParser().parseStored(versions.getLast().yaml())) {
                        case HandoffParser.Result.Valid v -> v.config().memberCount();
                        case HandoffParser.Result.Invalid i -> 0;
                    };
            return new History(records, inForce, members);
        }
    }
}
