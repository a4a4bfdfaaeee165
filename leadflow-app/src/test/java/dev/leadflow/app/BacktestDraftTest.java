package dev.leadflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Input;
import dev.leadflow.input.Page;
import dev.leadflow.lab.Backtest;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelError;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BacktestDraft: options and histories it refuses, by name")
class BacktestDraftTest {

    static BacktestDraft.Result run(List<Input> history, String from, String to) throws IOException {
        String yaml = Files.readString(Fixtures.EXAMPLES.resolve("model.yaml"));
        Model model = Fixtures.exampleModel();
        var options = ((BacktestDraft.Parsed.Valid) BacktestDraft.Options.parse(from, to, null, null, null)).options();
        return BacktestDraft.run(model, yaml, model, model, history, null, options, 0, Backtest.Progress.NONE);
    }

    static List<String> paths(BacktestDraft.Result r) {
        return ((BacktestDraft.Result.BadOptions) r)
                .errors().stream().map(ModelError::path).toList();
    }

    @Test
    void anEmptyHistoryIsRefused() throws IOException {
        assertThat(paths(run(List.of(), null, null))).containsExactly("history");
    }

    @Test
    void aPeriodStartingAfterTheHistoryNamesFromUnlessToWasGiven() throws IOException {
        List<Input> one = List.of(new Page(
                "p1", Instant.parse("2026-03-02T10:00:00Z"), "u1", null, Fields.of(Map.of("category", "pricing"))));

        assertThat(paths(run(one, "2026-04-01", null))).containsExactly("from");
        assertThat(((BacktestDraft.Parsed.Invalid)
                                BacktestDraft.Options.parse("2026-04-01", "2026-03-31", null, null, null))
                        .errors())
                .extracting(ModelError::path)
                .containsExactly("to");
        assertThat(run(one, "2026-03-01", null)).isInstanceOf(BacktestDraft.Result.Done.class);
    }

    @Test
    void optionsNameEachBadOne() {
        var parsed = BacktestDraft.Options.parse("yesterday", "2026-13-01", "Nowhere/City", "0d", "many");

        assertThat(((BacktestDraft.Parsed.Invalid) parsed).errors())
                .extracting(ModelError::path)
                .containsExactly("from", "to", "tz", "horizon", "reps");
    }
}
