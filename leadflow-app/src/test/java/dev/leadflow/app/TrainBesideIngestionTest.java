package dev.leadflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.adapter.tribuo.TribuoLearning;
import dev.leadflow.app.port.StoredRecord;
import dev.leadflow.demo.DemoHistory;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Training applies its artifact beside ingestion: only the catch-up holds writes")
class TrainBesideIngestionTest {

    /** The example model, qualifying on the probability too, with a predictive section for small data. */
    private static Model model() {
        return ((ModelParser.Result.Valid) new ModelParser().parse(yaml())).model();
    }

    private static String yaml() {
        String example = Fixtures.exampleModelYaml();
        String yaml = example.substring(0, example.indexOf("predictive:\n"))
                        .replace(
                                "    all: [ { score: fit, gte: 30 }, { score: engagement, gte: 40 } ]",
                                "    any:\n      - { score: probability, gte: 0.5 }\n"
                                        + "      - all: [ { score: fit, gte: 30 }, { score: engagement, gte: 40 } ]")
                + "predictive:\n  target: sql\n  min_outcomes: 5\n";
        assertThat(yaml).contains("score: probability");
        return yaml;
    }

    @Test
    @DisplayName("records ingested while the new artifact's replay reads the log, some of them late, are applied;"
            + " the result is the replay under the artifact, also after a restart")
    void ingestsWhileReloading() throws Exception {
        Model model = model();
        List<Input> history =
                DemoHistory.generate(model, new DemoHistory.Options(300, 60, 5, Instant.parse("2026-01-05T00:00:00Z")));
        long end = history.getLast().epochMillis();
        List<Input> first = new ArrayList<>();
        List<Input> meanwhile = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            boolean heldBack = i < history.size() * 8 / 10 && i % 50 == 7; // late when they come
            (i >= history.size() * 8 / 10 || heldBack ? meanwhile : first).add(history.get(i));
        }
        HookedLog store = new HookedLog();
        InMemoryModels models = new InMemoryModels();
        Leadflow live = Leadflow.load(model, store, store, models, new TribuoLearning(), end);
        live.ingestEvents().ingest(first, end);
        List<IngestEvents.Ingested> applied = new ArrayList<>();
        store.onNextRead = () -> { // on the training's thread, while its reload reads the log
            try {
                applied.add(
                        CompletableFuture.supplyAsync(() -> live.ingestEvents().ingest(meanwhile, end))
                                .get(2, TimeUnit.MINUTES)); // a deadlock, not a speed: ingestion must not wait for it
            } catch (Exception e) {
                throw new AssertionError("ingestion waited for the reload", e);
            }
        };
        long rebuildsBefore = live.leadQueries().rebuilds();

        TrainPredictor.Result result = live.trainPredictor().train("test", end);

        assertThat(result).isInstanceOf(TrainPredictor.Result.Trained.class);
        assertThat(store.onNextRead).as("the reload read the log").isNull();
        assertThat(applied).containsExactly(new IngestEvents.Ingested(meanwhile.size(), 0));
        assertThat(live.leadQueries().rebuilds()).as("late records came").isGreaterThan(rebuildsBefore);
        Model trained = model.withPredictor(
                Optional.of(models.latestTrained(model.id()).orElseThrow().predictor()));
        Fixtures.assertEqualsReplay(live, store, trained, end);
        assertThat(live.leadQueries().leadIds().stream()
                        .map(id -> live.leadQueries().lead(id, end).orElseThrow())
                        .filter(l -> l.probability().isPresent())
                        .count())
                .as("leads with a probability")
                .isEqualTo(live.leadQueries().leadIds().size());
        Fixtures.assertEqualsReplay(Leadflow.load(model, store, store, models, end), store, trained, end);
    }

    @Test
    @DisplayName(
            "a draft with a predictive section is backtested with the artifact in force: the model itself changes no MQL")
    void backtestAppliesTheArtifact() {
        Model model = model();
        List<Input> history =
                DemoHistory.generate(model, new DemoHistory.Options(300, 60, 5, Instant.parse("2026-01-05T00:00:00Z")));
        long end = history.getLast().epochMillis();
        InMemoryStorage store = new InMemoryStorage();
        Leadflow live = Leadflow.load(model, store, store, new InMemoryModels(), new TribuoLearning(), end);
        live.ingestEvents().ingest(history, end);
        assertThat(live.trainPredictor().train("test", end)).isInstanceOf(TrainPredictor.Result.Trained.class);
        var options =
                ((BacktestDraft.Parsed.Valid) BacktestDraft.Options.parse(null, null, null, null, null)).options();

        var result = ((BacktestDraft.Result.Done) live.backtestDraft().backtest(yaml(), options)).result();

        assertThat(result.changes().newMqls() + result.changes().lostMqls())
                .as("the same model, the same artifact")
                .isZero();
        assertThat(result.mqls()).isEqualTo(result.current().mqls()).isPositive();
    }

    /** The log in memory, running a hook before the first record of the next full read. */
    private static final class HookedLog extends InMemoryStorage {
        volatile @Nullable Runnable onNextRead;

        @Override
        public void forEachInProcessingOrder(Consumer<StoredRecord> action) {
            Runnable hook = onNextRead;
            onNextRead = null;
            super.forEachInProcessingOrder(new Consumer<>() {
                private @Nullable Runnable pending = hook;

                @Override
                public void accept(StoredRecord r) {
                    Runnable run = pending;
                    if (run != null) {
                        pending = null;
                        run.run();
                    }
                    action.accept(r);
                }
            });
        }
    }
}
