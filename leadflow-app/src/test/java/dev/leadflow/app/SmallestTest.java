package dev.leadflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Smallest: the k smallest elements, in order, as sorting them all and cutting gives")
class SmallestTest {

    @Test
    @DisplayName("random inputs with repeats, k from none to more than given")
    void equalsSortAndCut() {
        Random random = new Random(1);
        for (int round = 0; round < 300; round++) {
            int n = random.nextInt(200);
            int k = random.nextInt(250);
            List<Integer> input = new ArrayList<>();
            Smallest<Integer> smallest = new Smallest<>(k, Comparator.naturalOrder());
            for (int i = 0; i < n; i++) {
                int x = random.nextInt(100);
                input.add(x);
                smallest.offer(x);
            }
            List<Integer> expected = input.stream().sorted().limit(k).toList();
            assertThat(smallest.sorted()).as("n %d, k %d", n, k).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("by the order given, and k must not be negative")
    void order() {
        Smallest<String> longest =
                new Smallest<>(2, Comparator.comparing(String::length).reversed());
        List.of("a", "abcd", "ab", "abc").forEach(longest::offer);
        assertThat(longest.sorted()).containsExactly("abcd", "abc");
        assertThatThrownBy(() -> new Smallest<>(-1, Comparator.<Integer>naturalOrder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
