package dev.leadflow.cli;

import dev.leadflow.input.Input;
import dev.leadflow.store.Database;
import dev.leadflow.store.JdbcRecordStore;
import dev.leadflow.store.RecordStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Store a JSON-lines history (events and sales actions) in the database; the server, "
                + "which must be stopped meanwhile, serves it on its next start.")
final class ImportCommand implements Callable<Integer> {

    static final int CHUNK = 10_000;
    static final long PROGRESS_EVERY = 100_000;

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    @Option(names = "--events", required = true, paramLabel = "E.jsonl", description = "The file to import.")
    Path events;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        long[] counts = new long[4]; // read, stored, duplicates, bad lines
        try (Database database = storage.open()) {
            Database.WriterLock lock = StorageOptions.lock(database);
            try {
                RecordStore store = new JdbcRecordStore(database);
                long now = InstantSource.system().millis();
                List<Input> chunk = new ArrayList<>(CHUNK);
                EventFiles.forEach(events, n -> {
                    chunk.add(n.input());
                    counts[0]++;
                    if (chunk.size() == CHUNK) {
                        store(store, chunk, now, counts);
                    }
                    if (counts[0] % PROGRESS_EVERY == 0) {
                        err.printf("import: %,d records read, %,d stored%n", counts[0], counts[1]);
                        err.flush();
                    }
                }, bad -> {
                    counts[3]++;
                    err.println(events + ":" + bad.line() + ": " + bad.message());
                });
                store(store, chunk, now, counts);
            } finally {
                lock.close();
            }
        }
        spec.commandLine().getOut().printf("imported %s: %,d records stored, %,d duplicates ignored, %,d bad lines skipped%n",
                events, counts[1], counts[2], counts[3]);
        return 0;
    }

    private static void store(RecordStore store, List<Input> chunk, long now, long[] counts) {
        if (chunk.isEmpty()) {
            return;
        }
        int stored = store.append(chunk, now).size();
        counts[1] += stored;
        counts[2] += chunk.size() - stored;
        chunk.clear();
    }
}
