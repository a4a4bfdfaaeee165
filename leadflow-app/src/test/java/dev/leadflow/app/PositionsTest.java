package dev.leadflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Positions: lead ids to positions, the same answers as a HashMap")
class PositionsTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    @DisplayName("random puts, replacements, removals (runs broken in the middle) and clears")
    void likeAHashMap(long seed) {
        Random random = new Random(seed);
        Positions positions = new Positions();
        Map<String, Integer> expected = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            ids.add(random.nextInt(4) == 0 ? "anon:" + i : "u" + i); // similar keys: long probe runs
        }
        for (int step = 0; step < 40_000; step++) {
            String id = ids.get(random.nextInt(ids.size()));
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> {
                    positions.remove(id);
                    expected.remove(id);
                }
                case 3 -> {
                    if (random.nextInt(500) == 0) {
                        positions.clear(random.nextInt(100));
                        expected.clear();
                    }
                }
                default -> {
                    int at = random.nextInt(1_000_000);
                    positions.put(id, at);
                    expected.put(id, at);
                }
            }
            assertThat(positions.get(id)).isEqualTo(expected.getOrDefault(id, Positions.NONE));
        }
        for (String id : ids) {
            assertThat(positions.get(id)).as(id).isEqualTo(expected.getOrDefault(id, Positions.NONE));
        }
        assertThat(positions.size()).isEqualTo(expected.size());
    }
}
