package dev.leadflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.RandomHistory;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Properties of the engine over seeded random histories")
class DeterminismTest {

    private static final Model MODEL = Models.example();

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    private static List<Replay.Numbered> numbered(List<Input> inputs) {
        List<Replay.Numbered> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            out.add(new Replay.Numbered(i + 1, inputs.get(i)));
        }
        return out;
    }

    private static Replay.Result replay(List<Replay.Numbered> records) {
        return Replay.run(new Engine(MODEL), records, Optional.empty(), p -> {});
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("ledger entries sum to the scores, for every lead, throughout the history")
    void ledgersSum(long seed) {
        List<Input> history = RandomHistory.generate(seed, 12, 300);
        Engine engine = new Engine(MODEL);
        for (int i = 0; i < history.size(); i++) {
            engine.apply(history.get(i));
            if (i % 25 == 0) {
                Invariants.assertLedgersSum(engine, history.get(i).epochMillis());
            }
        }
        Invariants.assertLedgersSum(engine, history.get(history.size() - 1).epochMillis() + 86_400_000L);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("every recorded history is a legal path through the state machine")
    void legalPaths(long seed) {
        Replay.Result result = replay(numbered(RandomHistory.generate(seed, 12, 300)));
        assertThat(result.snapshots()).isNotEmpty().allSatisfy(s -> Invariants.assertLegalPath(s.transitions()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("permuting the input gives identical output")
    void permutation(long seed) {
        List<Replay.Numbered> records = numbered(RandomHistory.generate(seed, 12, 300));
        List<Replay.Numbered> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, new Random(seed));
        Replay.Result a = replay(records);
        Replay.Result b = replay(shuffled);
        assertThat(b.snapshots()).isEqualTo(a.snapshots());
        assertThat(b.problems().stream().map(Replay.Problem::message).sorted().toList())
                .isEqualTo(a.problems().stream()
                        .map(Replay.Problem::message)
                        .sorted()
                        .toList());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("replaying a prefix, then the rest, equals replaying all")
    void prefixThenRest(long seed) {
        List<Input> history = RandomHistory.generate(seed, 12, 300);
        int cut = 50 + (int) (seed * 37 % 200);
        long cutAt = history.get(cut - 1).epochMillis();
        long end = history.get(history.size() - 1).epochMillis();

        Engine whole = new Engine(MODEL);
        history.forEach(whole::apply);
        whole.advanceTo(end);

        Engine split = new Engine(MODEL);
        history.subList(0, cut).forEach(split::apply);
        split.advanceTo(cutAt);
        history.subList(cut, history.size()).forEach(split::apply);
        split.advanceTo(end);

        assertThat(split.leadIds()).isEqualTo(whole.leadIds());
        for (String id : whole.leadIds()) {
            assertThat(split.snapshot(id, end)).isEqualTo(whole.snapshot(id, end));
        }
    }
}
