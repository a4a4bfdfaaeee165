package dev.leadflow.bench;

import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.JdbcRecordStore;
import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import dev.leadflow.server.LeadflowServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/**
 * Server start-up time and memory: stores a synthetic history of {@code leads} people (session
 * traffic, {@code eventsPerLead} each) in a fresh embedded database, then starts the server on it
 * and reports how long loading took and the heap the loaded server holds, per 100,000 leads.
 *
 * <pre>
 * $JDK21_OR_LATER/bin/java -Xmx8g -XX:+UseParallelGC -cp "leadflow-bench/target/leadflow-bench-0.1.0-SNAPSHOT.jar:leadflow-bench/target/lib/*" \
 *     dev.leadflow.bench.ServerFootprint 100000 10
 * </pre>
 */
public final class ServerFootprint {

    private ServerFootprint() {}

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int perLead = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Model model = SyntheticLoad.exampleModel();
        Path dir = Files.createTempDirectory("leadflow-footprint");
        List<Input> history = SyntheticLoad.sessions(leads, leads * perLead, 42);
        try (Database database = Database.embedded(dir)) {
            JdbcRecordStore store = new JdbcRecordStore(database);
            for (int from = 0; from < history.size(); from += 20_000) {
                store.appendEncoded(
                        history.subList(from, Math.min(history.size(), from + 20_000)).stream()
                                .map(EncodedRecord::of)
                                .toList(),
                        0L);
            }
        }
        int events = history.size();
        history = null;
        long before = usedAfterGc();
        long start = System.nanoTime();
        try (LeadflowServer server =
                LeadflowServer.start(Database.embedded(dir), model, "127.0.0.1", 0, InstantSource.system())) {
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = usedAfterGc();
            int loaded = server.live().leadQueries().leadCount();
            System.out.printf(
                    "start-up: %.1f s to load %,d events of %,d leads (%,.0f events/s)%n",
                    seconds, events, loaded, events / seconds);
            System.out.printf(
                    "heap held by the running server: %,d MB, %,d MB per 100,000 leads%n",
                    (after - before) >> 20, ((after - before) * 100_000L / loaded) >> 20);
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
