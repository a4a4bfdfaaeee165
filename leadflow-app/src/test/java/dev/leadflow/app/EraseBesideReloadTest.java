package dev.leadflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.JdbcRecordStore;
import dev.leadflow.app.port.AuditLog;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Page;
import dev.leadflow.model.Model;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("An erasure during a reload beside the writers: the replay that began before it is not swapped in")
class EraseBesideReloadTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    @DisplayName("a training's (or retention's) replay read the person before the erasure: it is replayed again")
    void staleReplayIsNotSwappedIn() {
        Model model = Fixtures.exampleModel();
        try (Database database = Database.embedded(dir)) {
            JdbcRecordStore store = new JdbcRecordStore(database);
            Leadflow live = Leadflow.withoutHandoff(model, store, T.toEpochMilli());
            live.ingestEvents()
                    .ingest(
                            List.of(
                                    new Page("p1", T, null, "cookie-g", Fields.of(Map.of("category", "pricing"))),
                                    new Identify("i1", T, "greta", "cookie-g", Fields.of(Map.of("name", "Greta V")))),
                            T.toEpochMilli());
            String[] pseudonym = {""};
            Model inForce = live.leadQueries().model();
            // the reload's replay has read the log when, before its swap, the erasure commits
            live.leads().reloadBeside(inForce, T.toEpochMilli(), m -> {
                var erased = live.erasePerson()
                        .erase("greta", "GDPR", new AuditLog.Actor("test", "local"), T.toEpochMilli());
                pseudonym[0] = ((ErasePerson.Result.Erased) erased).pseudonym();
                return true;
            });
            assertThat(live.leadQueries().lead("greta", T.toEpochMilli()))
                    .as("the person")
                    .isEmpty();
            assertThat(live.leadQueries().lead(pseudonym[0], T.toEpochMilli())).isPresent();
            assertThat(live.leadQueries().leadIds()).containsExactly(pseudonym[0]);
        }
    }
}
