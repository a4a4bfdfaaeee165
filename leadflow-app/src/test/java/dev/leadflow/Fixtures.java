package dev.leadflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.app.Leadflow;
import dev.leadflow.app.port.RecordLog;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.Replay;
import dev.leadflow.input.Input;
import dev.leadflow.input.InputCodec;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What the application's tests share: the documented example files, and the live-equals-replay check. */
public final class Fixtures {

    public static final Path EXAMPLES = Path.of("..", "examples");

    private Fixtures() {}

    /** {@code examples/model.yaml}. */
    public static Model exampleModel() {
        return ((ModelParser.Result.Valid) new ModelParser().parse(exampleModelYaml())).model();
    }

    /** The text of {@code examples/model.yaml}. */
    public static String exampleModelYaml() {
        return read(EXAMPLES.resolve("model.yaml"));
    }

    /** The valid records of {@code examples/events.jsonl}, in file order (one of them is repeated). */
    public static List<Input> exampleRecords() {
        InputCodec codec = new InputCodec();
        List<Input> records = new ArrayList<>();
        for (String line : read(EXAMPLES.resolve("events.jsonl")).split("\n")) {
            if (!line.isBlank() && codec.parse(line) instanceof InputCodec.Parsed.Valid v) {
                records.add(v.input());
            }
        }
        return records;
    }

    /** Every lead of {@code live} equals, at {@code at}, what a replay of everything stored gives. */
    public static void assertEqualsReplay(Leadflow live, RecordLog store, Model model, long at) {
        List<Replay.Numbered> records = new ArrayList<>();
        store.forEachInProcessingOrder(r -> records.add(new Replay.Numbered(r.seq(), r.input())));
        records.sort(Comparator.comparingLong(Replay.Numbered::line)); // as exported: by arrival
        Replay.Result replay = Replay.run(new Engine(model), records, Optional.of(at), p -> {});
        assertThat(live.leadQueries().leadIds()).isEqualTo(replay.engine().leadIds());
        for (String id : replay.engine().leadIds()) {
            assertThat(live.leadQueries().lead(id, at))
                    .as(id)
                    .isEqualTo(replay.engine().snapshot(id, at));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
