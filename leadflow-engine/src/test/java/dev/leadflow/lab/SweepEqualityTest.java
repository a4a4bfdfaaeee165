package dev.leadflow.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.demo.DemoHistory;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.Replay;
import dev.leadflow.fixtures.Models;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Model;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The backtest replays the draft and each sweep value only for the people the loosest variant moves
 * (see {@link Backtest}): every figure must equal what a plain replay of the whole history gives.
 */
@DisplayName("Backtest on a demo history: the sweep's shortcut gives what whole replays give")
class SweepEqualityTest {

    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    static String yaml;
    static Model example;
    static List<Input> history;

    @BeforeAll
    static void demo() throws IOException {
        try (InputStream in = SweepEqualityTest.class.getResourceAsStream("/dev/leadflow/examples/model.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        example = Models.parse(yaml);
        history = DemoHistory.generate(example, new DemoHistory.Options(600, 70, 7, START));
    }

    static BacktestResult backtest(String draft) {
        return Backtest.run(
                new Backtest.Request(
                        Models.parse(draft),
                        draft,
                        example,
                        null,
                        history,
                        null,
                        LocalDate.of(2026, 1, 19),
                        LocalDate.of(2026, 3, 1),
                        ZoneOffset.UTC,
                        java.time.Duration.ofDays(30).toMillis(),
                        "30d",
                        3),
                Backtest.Steps.ONE_AT_A_TIME,
                Backtest.Progress.NONE);
    }

    @Test
    void theDraftsMqlsAreThoseOfAPlainReplayWithoutTheSalesActions() {
        BacktestResult b = backtest(yaml);

        List<Replay.Numbered> events = new ArrayList<>();
        history.stream()
                .filter(r -> !(r instanceof LifecycleCommand))
                .forEach(r -> events.add(new Replay.Numbered(events.size(), r)));
        Engine plain = Replay.run(new Engine(example), events, Optional.empty(), p -> {})
                .engine();
        long from = LocalDate.of(2026, 1, 19)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        long until = LocalDate.of(2026, 3, 2)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        int[] mqls = {0};
        plain.forEachLifecycle((id, transitions, touches) -> {
            for (Transition t : transitions) {
                mqls[0] += t.to() == Stage.MQL && t.at() >= from && t.at() < until ? 1 : 0;
            }
        });
        assertThat(b.mqls()).isGreaterThan(20).isEqualTo(mqls[0]);
        assertThat(b.changes().newMqls()).isZero();
        assertThat(b.changes().lostMqls()).isZero();
        assertThat(b.precision()).isEqualTo(b.current().precision());
    }

    @Test
    void everySweepPointEqualsABacktestOfThatVariant() {
        BacktestResult b = backtest(yaml);
        Sweep sweep = Sweep.of(yaml);

        assertThat(b.sweep()).hasSize(2);
        for (int i = 0; i < b.sweep().size(); i++) {
            Sweep.Threshold t = sweep.thresholds().get(i);
            List<Integer> seen = new ArrayList<>();
            for (BacktestResult.SweepPoint p : b.sweep().get(i).points()) {
                BacktestResult whole = backtest(sweep.yamlWith(t, p.value()));
                assertThat(p.mqls()).as(t.subject() + " at " + p.value()).isEqualTo(whole.mqls());
                assertThat(p.precision()).as(t.subject() + " at " + p.value()).isEqualTo(whole.precision());
                assertThat(p.recall()).as(t.subject() + " at " + p.value()).isEqualTo(whole.recall());
                seen.add(p.mqls());
            }
            assertThat(seen)
                    .as("MQLs fall as " + t.subject() + " rises")
                    .isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(seen.getFirst()).isGreaterThan(seen.getLast());
        }
    }
}
