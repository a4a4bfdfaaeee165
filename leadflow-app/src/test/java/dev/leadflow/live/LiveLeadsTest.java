package dev.leadflow.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.demo.DemoHistory;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import dev.leadflow.store.Database;
import dev.leadflow.store.JdbcRecordStore;
import dev.leadflow.store.RecordStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Live leads: the engine kept equal to a replay of the store")
class LiveLeadsTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName(
            "batches arriving late, out of order and repeated end as a replay of what was stored, also after a restart")
    void outOfOrderBatches() throws IOException {
        Model model = Fixtures.exampleModel();
        DemoHistory.Options options = new DemoHistory.Options(80, 60, 7, Instant.parse("2026-01-05T00:00:00Z"));
        List<Input> history = new ArrayList<>(DemoHistory.generate(model, options));
        Random random = new Random(7);
        for (int i = 0; i < history.size() / 10; i++) { // hold some records back, as phones and imports do
            int from = random.nextInt(history.size());
            history.add(Math.min(history.size() - 1, from + 1 + random.nextInt(200)), history.remove(from));
        }
        long end = options.end().toEpochMilli();
        try (Database database = Database.embedded(dir)) {
            RecordStore store = new JdbcRecordStore(database);
            LiveLeads live = LiveLeads.load(model, store, options.start().toEpochMilli());
            int duplicates = 0;
            for (int from = 0; from < history.size(); ) {
                int to = Math.min(history.size(), from + 1 + random.nextInt(40));
                List<Input> batch = new ArrayList<>(history.subList(from, to));
                if (from > 0 && random.nextInt(4) == 0) {
                    batch.add(history.get(random.nextInt(from))); // a client retrying
                    duplicates++;
                }
                live.advanceTo(batch.get(0).epochMillis()); // the server's clock moves on meanwhile
                live.ingest(batch, 0L);
                from = to;
            }
            assertThat(store.count()).isEqualTo(history.size());
            assertThat(duplicates).isPositive();
            assertThat(live.rebuilds()).isPositive();
            Fixtures.assertEqualsReplay(live, store, model, end);
            Fixtures.assertEqualsReplay(LiveLeads.load(model, store, end), store, model, end);
        }
    }

    @Test
    @DisplayName("a batch counts the records stored and the duplicates left out")
    void counts() throws IOException {
        Model model = Fixtures.exampleModel();
        List<Input> demo =
                DemoHistory.generate(model, new DemoHistory.Options(3, 5, 1, Instant.parse("2026-01-05T00:00:00Z")));
        try (Database database = Database.embedded(dir)) {
            LiveLeads live = LiveLeads.load(model, new JdbcRecordStore(database), 0L);
            assertThat(live.ingest(demo.subList(0, 5), 0L)).isEqualTo(new LiveLeads.Ingested(5, 0));
            assertThat(live.ingest(demo.subList(3, 8), 0L)).isEqualTo(new LiveLeads.Ingested(3, 2));
        }
    }

    /**
     * The real store, whose first append fails: after committing (a connection lost while it
     * answered), or before, saying that nothing was stored.
     */
    private static final class FlakyStore implements RecordStore {
        private final RecordStore real;
        private final boolean commitFirst;
        private boolean failed;
        private int reads;

        FlakyStore(RecordStore real, boolean commitFirst) {
            this.real = real;
            this.commitFirst = commitFirst;
        }

        @Override
        public List<dev.leadflow.store.StoredRecord> appendEncoded(
                List<dev.leadflow.store.EncodedRecord> records, long at, Work work) {
            if (!failed) {
                failed = true;
                if (commitFirst) {
                    real.appendEncoded(records, at, work);
                }
                throw new dev.leadflow.store.StoreException("connection lost (test)", null, commitFirst);
            }
            return real.appendEncoded(records, at, work);
        }

        @Override
        public void forEachInProcessingOrder(java.util.function.Consumer<dev.leadflow.store.StoredRecord> action) {
            reads++;
            real.forEachInProcessingOrder(action);
        }

        @Override
        public long count() {
            return real.count();
        }
    }

    @ParameterizedTest(name = "committed first: {0}")
    @ValueSource(booleans = {true, false})
    @DisplayName(
            "regression: a failed append's records are applied once the client retries, whether or not it committed;"
                    + " the engine is loaded again only when it may have")
    void failedAppend(boolean commitFirst) throws IOException {
        Model model = Fixtures.exampleModel();
        List<Input> demo =
                DemoHistory.generate(model, new DemoHistory.Options(20, 10, 3, Instant.parse("2026-01-05T00:00:00Z")));
        try (Database database = Database.embedded(dir)) {
            FlakyStore store = new FlakyStore(new JdbcRecordStore(database), commitFirst);
            LiveLeads live = LiveLeads.load(model, store, 0L);
            List<Input> first = demo.subList(0, demo.size() / 2);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> live.ingest(first, 0L))
                    .isInstanceOf(dev.leadflow.store.StoreException.class);
            assertThat(live.ingest(first, 0L))
                    .as("the client's retry")
                    .isEqualTo(
                            commitFirst
                                    ? new LiveLeads.Ingested(0, first.size())
                                    : new LiveLeads.Ingested(first.size(), 0));
            assertThat(store.reads).as("loads of the whole store").isEqualTo(commitFirst ? 2 : 1);
            live.ingest(demo.subList(demo.size() / 2, demo.size()), 0L);
            long end = Instant.parse("2026-01-16T00:00:00Z").toEpochMilli();
            Fixtures.assertEqualsReplay(live, store, model, end);
        }
    }
}
