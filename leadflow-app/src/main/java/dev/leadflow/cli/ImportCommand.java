package dev.leadflow.cli;

import dev.leadflow.adapter.csv.CsvImport;
import dev.leadflow.adapter.csv.Mapping;
import dev.leadflow.adapter.csv.MappingParser;
import dev.leadflow.adapter.csv.RowError;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.JdbcRecordStore;
import dev.leadflow.app.port.RecordLog;
import dev.leadflow.input.Input;
import dev.leadflow.model.ModelError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Store a JSON-lines history (events and sales actions), or a CSV file by a column mapping "
                + "(docs/IMPORT.md), in the database; the server, which must be stopped meanwhile, serves it on its "
                + "next start.")
final class ImportCommand implements Callable<Integer> {

    static final int CHUNK = 10_000;
    static final long PROGRESS_EVERY = 100_000;
    static final long CSV_PROGRESS_EVERY = 5_000;

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** What to import: exactly one of a JSON-lines file and a CSV file with its mapping. */
    static final class Source {
        @Option(
                names = "--events",
                required = true,
                paramLabel = "E.jsonl",
                description = "A JSON-lines file to import.")
        Path events;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Csv csv;
    }

    /** A CSV file and the mapping that reads it. */
    static final class Csv {
        @Option(
                names = "--csv",
                required = true,
                paramLabel = "FILE.csv",
                description = "A CSV file to import, " + "by --mapping.")
        Path file;

        @Option(
                names = "--mapping",
                required = true,
                paramLabel = "MAP.yaml",
                description = "How the CSV file's "
                        + "columns become leads, attributes, events and outcomes (docs/IMPORT.md).")
        Path mapping;
    }

    @Override
    public Integer call() {
        return source.events != null ? importEvents(source.events) : importCsv(source.csv);
    }

    private int importEvents(Path events) {
        PrintWriter err = spec.commandLine().getErr();
        long[] counts = new long[4]; // read, stored, duplicates, bad lines
        withStore(store -> {
            long now = InstantSource.system().millis();
            List<Input> chunk = new ArrayList<>(CHUNK);
            EventFiles.forEach(
                    events,
                    n -> {
                        chunk.add(n.input());
                        counts[0]++;
                        if (chunk.size() == CHUNK) {
                            store(store, chunk, now, counts);
                        }
                        if (counts[0] % PROGRESS_EVERY == 0) {
                            err.printf("import: %,d records read, %,d stored%n", counts[0], counts[1]);
                            err.flush();
                        }
                    },
                    bad -> {
                        counts[3]++;
                        err.println(events + ":" + bad.line() + ": " + bad.message());
                    });
            store(store, chunk, now, counts);
        });
        spec.commandLine()
                .getOut()
                .printf(
                        "imported %s: %,d records stored, %,d duplicates ignored, %,d bad lines skipped%n",
                        events, counts[1], counts[2], counts[3]);
        return 0;
    }

    private int importCsv(Csv csv) {
        PrintWriter err = spec.commandLine().getErr();
        Mapping mapping = mapping(csv.mapping, err);
        CsvImport.Summary[] summary = new CsvImport.Summary[1];
        withStore(store -> {
            long now = InstantSource.system().millis();
            CsvImport.Listener listener = new CsvImport.Listener() {
                @Override
                public void rowError(RowError error) {
                    err.println(csv.file + ": " + error);
                }

                @Override
                public void progress(CsvImport.Summary s) {
                    err.printf("import: %,d rows read, %,d records stored%n", s.rows(), s.stored());
                    err.flush();
                }
            };
            try {
                summary[0] = new CsvImport(mapping, CHUNK, CSV_PROGRESS_EVERY)
                        .run(csv.file, records -> store.append(records, now).size(), listener);
            } catch (CsvImport.FileError e) {
                e.problems().forEach(p -> err.println(csv.file + ": " + p));
                throw new LeadflowCli.UserError(
                        LeadflowCli.EXIT_BAD_INPUT,
                        "cannot import " + csv.file + " by "
                                + csv.mapping
                                + (e.stored() == 0
                                        ? ": nothing stored"
                                        : String.format(": stopped after %,d records stored", e.stored())));
            }
        });
        CsvImport.Summary s = summary[0];
        spec.commandLine()
                .getOut()
                .printf(
                        "imported %s: %,d rows read (%,d skipped by the mapping, %,d with nothing to "
                                + "import, %,d with errors); %,d records stored, %,d duplicates ignored%n",
                        csv.file, s.rows(), s.skipped(), s.nothing(), s.withErrors(), s.stored(), s.duplicates());
        return 0;
    }

    /** The mapping in {@code file}; when invalid, every error printed by path and exit code 2. */
    static Mapping mapping(Path file, PrintWriter err) {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (IOException e) {
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "cannot read mapping " + file + ": " + e);
        }
        return switch (new MappingParser().parse(yaml)) {
            case MappingParser.Result.Valid v -> v.mapping();
            case MappingParser.Result.Invalid invalid -> {
                for (ModelError e : invalid.errors()) {
                    err.println(file + ": " + e);
                }
                throw new LeadflowCli.UserError(
                        LeadflowCli.EXIT_BAD_INPUT,
                        "mapping " + file + " is invalid (" + invalid.errors().size()
                                + (invalid.errors().size() == 1 ? " error)" : " errors)"));
            }
        };
    }

    /** Runs {@code work} on the record store, as the database's one writer. */
    private void withStore(java.util.function.Consumer<RecordLog> work) {
        try (Database database = storage.open()) {
            Database.WriterLock lock = StorageOptions.lock(database);
            try {
                work.accept(new JdbcRecordStore(database));
            } finally {
                lock.close();
            }
        }
    }

    private static void store(RecordLog store, List<Input> chunk, long now, long[] counts) {
        if (chunk.isEmpty()) {
            return;
        }
        int stored = store.append(chunk, now).size();
        counts[1] += stored;
        counts[2] += chunk.size() - stored;
        chunk.clear();
    }
}
