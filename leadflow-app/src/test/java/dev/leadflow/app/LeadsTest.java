package dev.leadflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.app.port.RecordLog;
import dev.leadflow.app.port.StoreException;
import dev.leadflow.app.port.StoredRecord;
import dev.leadflow.app.port.UnitOfWork;
import dev.leadflow.demo.DemoHistory;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Live leads: the engine kept equal to a replay of the log")
class LeadsTest {

    @Test
    @DisplayName(
            "batches arriving late, out of order and repeated end as a replay of what was stored, also after a restart")
    void outOfOrderBatches() {
        Model model = Fixtures.exampleModel();
        DemoHistory.Options options = new DemoHistory.Options(80, 60, 7, Instant.parse("2026-01-05T00:00:00Z"));
        List<Input> history = new ArrayList<>(DemoHistory.generate(model, options));
        Random random = new Random(7);
        for (int i = 0; i < history.size() / 10; i++) { // hold some records back, as phones and imports do
            int from = random.nextInt(history.size());
            history.add(Math.min(history.size() - 1, from + 1 + random.nextInt(200)), history.remove(from));
        }
        long end = options.end().toEpochMilli();
        {
            RecordLog store = new InMemoryStorage();
            Leadflow live =
                    Leadflow.withoutHandoff(model, store, options.start().toEpochMilli());
            int duplicates = 0;
            for (int from = 0; from < history.size(); ) {
                int to = Math.min(history.size(), from + 1 + random.nextInt(40));
                List<Input> batch = new ArrayList<>(history.subList(from, to));
                if (from > 0 && random.nextInt(4) == 0) {
                    batch.add(history.get(random.nextInt(from))); // a client retrying
                    duplicates++;
                }
                live.fireTimers().fireDue(batch.get(0).epochMillis()); // the server's clock moves on meanwhile
                live.ingestEvents().ingest(batch, 0L);
                from = to;
            }
            assertThat(store.count()).isEqualTo(history.size());
            assertThat(duplicates).isPositive();
            assertThat(live.leadQueries().rebuilds()).isPositive();
            Fixtures.assertEqualsReplay(live, store, model, end);
            Fixtures.assertEqualsReplay(Leadflow.withoutHandoff(model, store, end), store, model, end);
        }
    }

    @Test
    @DisplayName("a batch counts the records stored and the duplicates left out")
    void counts() {
        Model model = Fixtures.exampleModel();
        List<Input> demo =
                DemoHistory.generate(model, new DemoHistory.Options(3, 5, 1, Instant.parse("2026-01-05T00:00:00Z")));
        {
            Leadflow live = Leadflow.withoutHandoff(model, new InMemoryStorage(), 0L);
            assertThat(live.ingestEvents().ingest(demo.subList(0, 5), 0L)).isEqualTo(new IngestEvents.Ingested(5, 0));
            assertThat(live.ingestEvents().ingest(demo.subList(3, 8), 0L)).isEqualTo(new IngestEvents.Ingested(3, 2));
        }
    }

    /** How the first write fails. */
    enum Failure {
        /** Before anything is numbered or applied: nothing to undo. */
        BEFORE_NUMBERING,
        /** Applied, then the commit is refused: nothing stored, the engine ahead of the log. */
        COMMIT_REFUSED,
        /** Applied and committed, but the answer was lost. */
        COMMITTED_ANSWER_LOST
    }

    /** The real log, whose first write fails as {@code failure} says. */
    private static final class FlakyLog implements RecordLog {
        private final RecordLog real;
        private final Failure failure;
        private boolean failed;
        private int reads;

        FlakyLog(RecordLog real, Failure failure) {
            this.real = real;
            this.failure = failure;
        }

        @Override
        public UnitOfWork begin() {
            if (!failed && failure == Failure.BEFORE_NUMBERING) {
                failed = true;
                throw new StoreException("connection lost (test)", null, false);
            }
            return real.begin();
        }

        @Override
        public void commit(UnitOfWork unit, long at) {
            if (!failed) {
                failed = true;
                boolean stored = failure == Failure.COMMITTED_ANSWER_LOST;
                if (stored) {
                    real.commit(unit, at);
                }
                throw new StoreException("connection lost (test)", null, stored);
            }
            real.commit(unit, at);
        }

        @Override
        public void forEachInProcessingOrder(java.util.function.Consumer<StoredRecord> action) {
            reads++;
            real.forEachInProcessingOrder(action);
        }

        @Override
        public void forEachAfter(long seq, java.util.function.Consumer<StoredRecord> action) {
            real.forEachAfter(seq, action);
        }

        @Override
        public long count() {
            return real.count();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Failure.class)
    @DisplayName(
            "regression: a failed write's records are applied once the client retries, whether or not it committed;"
                    + " the engine is loaded again only when it may be ahead of the log")
    void failedWrite(Failure failure) {
        Model model = Fixtures.exampleModel();
        List<Input> demo =
                DemoHistory.generate(model, new DemoHistory.Options(20, 10, 3, Instant.parse("2026-01-05T00:00:00Z")));
        {
            FlakyLog log = new FlakyLog(new InMemoryStorage(), failure);
            Leadflow live = Leadflow.withoutHandoff(model, log, 0L);
            List<Input> first = demo.subList(0, demo.size() / 2);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> live.ingestEvents().ingest(first, 0L))
                    .isInstanceOf(StoreException.class);
            boolean committed = failure == Failure.COMMITTED_ANSWER_LOST;
            assertThat(live.ingestEvents().ingest(first, 0L))
                    .as("the client's retry")
                    .isEqualTo(
                            committed
                                    ? new IngestEvents.Ingested(0, first.size())
                                    : new IngestEvents.Ingested(first.size(), 0));
            assertThat(log.reads).as("loads of the whole log").isEqualTo(failure == Failure.BEFORE_NUMBERING ? 1 : 2);
            live.ingestEvents().ingest(demo.subList(demo.size() / 2, demo.size()), 0L);
            long end = Instant.parse("2026-01-16T00:00:00Z").toEpochMilli();
            Fixtures.assertEqualsReplay(live, log, model, end);
        }
    }
}
