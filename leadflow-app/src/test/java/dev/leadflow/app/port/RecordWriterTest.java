package dev.leadflow.app.port;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.Fixtures;
import dev.leadflow.demo.DemoHistory;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Group;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.InputCodec;
import dev.leadflow.input.Page;
import dev.leadflow.input.Track;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Writing stored records: straight to a generator, byte for byte what the codec writes through a tree")
class RecordWriterTest {

    private final ObjectMapper json = new ObjectMapper();
    private final InputCodec codec = new InputCodec();
    private final RecordWriter writer = new RecordWriter(codec);

    @Test
    @DisplayName("every record of a demo history is written as the tree writes it, and reads back equal")
    void demoHistory() throws Exception {
        List<Input> history = DemoHistory.generate(
                Fixtures.exampleModel(), new DemoHistory.Options(60, 30, 3, Instant.parse("2026-01-05T00:00:00Z")));
        assertThat(history).extracting(Input::type).contains("identify", "track", "page", "group");
        for (Input in : history) {
            String line = writer.stream(in);
            assertThat(line).isNotNull();
            assertThat(line).as("byte for byte").isEqualTo(codec.write(in));
            assertThat(((InputCodec.Parsed.Valid) codec.parse(line)).input()).isEqualTo(in);
        }
    }

    @Test
    @DisplayName("random nested fields, context fields and names that collide (a and a.b): the same bytes as the tree")
    void randomFields() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        String[] names = {"a", "b", "c", "context", "company", "name"};
        Instant t = Instant.parse("2026-01-05T10:00:00Z");
        int collisions = 0;
        for (int i = 0; i < 5_000; i++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            int n = random.nextInt(7);
            for (int k = 0; k < n; k++) {
                StringBuilder key = new StringBuilder(names[random.nextInt(names.length)]);
                for (int depth = random.nextInt(3); depth > 0; depth--) {
                    key.append('.').append(names[random.nextInt(names.length)]);
                }
                Object value = switch (random.nextInt(4)) {
                    case 0 -> "s" + k;
                    case 1 -> (double) random.nextInt(100) / 4;
                    case 2 -> random.nextBoolean();
                    default -> List.of("x", 1.5, true);
                };
                fields.put(key.toString(), value);
            }
            Fields f = Fields.of(fields);
            for (Input in : List.of(
                    new Track("m" + i, t, "u", null, "x", f),
                    new Page("p" + i, t, null, "a", f),
                    new Identify("i" + i, t, "u", "a", f),
                    new Group("g" + i, t, "u", null, "g1", f))) {
                String tree = codec.write(in);
                String streamed = writer.stream(in);
                if (streamed == null) {
                    collisions++;
                } else {
                    assertThat(streamed).as("byte for byte").isEqualTo(tree);
                }
                assertThat(writer.write(in)).isIn(streamed, tree);
            }
        }
        assertThat(collisions).as("some records took the tree").isBetween(100, 15_000);
    }
}
