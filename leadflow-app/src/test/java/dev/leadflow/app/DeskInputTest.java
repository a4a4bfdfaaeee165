package dev.leadflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.lifecycle.Stage;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The desk's journal: every input reads back equal to what was written")
class DeskInputTest {

    @Test
    @DisplayName("each kind, with and without its optional parts, survives the journal unchanged")
    void roundTrip() {
        List<DeskInput> inputs = List.of(
                new DeskInput.Mql("u1", 10, "big", 5L, true),
                new DeskInput.Mql("u1", 10, null, null, false),
                new DeskInput.Accepted("u1", 11),
                new DeskInput.Touched("u1", 12),
                new DeskInput.Moved("u1", 13, Stage.RECYCLED, "premature", "education"),
                new DeskInput.Moved("u1", 14, Stage.SQL, null, null),
                new DeskInput.Reassigned("u1", 15, "ann"),
                new DeskInput.Merged("u2", 16, "u1", true),
                new DeskInput.Configured(17, 3),
                new DeskInput.Fired(18));
        long seq = 1;
        for (DeskInput in : inputs) {
            assertThat(DeskInput.parse(seq++, in.json())).as(in.json()).isEqualTo(in);
        }
    }
}
