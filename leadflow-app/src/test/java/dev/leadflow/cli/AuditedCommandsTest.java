package dev.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.adapter.jdbc.AuditStore;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.KeyStore;
import dev.leadflow.app.port.AuditLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("keys create and users create write one audit entry each (docs/PRIVACY.md)")
class AuditedCommandsTest {

    @TempDir
    Path data;

    @Test
    @DisplayName("who (the operating-system user), from the command line, what, and the scope or role")
    void keysAndUsers() {
        CliTest.Run key = CliTest.run("keys", "create", "--scope", "read", "--data", data);
        assertThat(key.exit()).as(key.err()).isZero();
        CliTest.Run user = CliTest.run("users", "create", "--username", "ann", "--role", "sales", "--data", data);
        assertThat(user.exit()).as(user.err()).isZero();
        CliTest.Run again = CliTest.run("users", "create", "--username", "ann", "--role", "sales", "--data", data);
        assertThat(again.exit()).as("exists already: refused, not audited").isEqualTo(2);
        try (Database database = Database.embedded(data)) {
            List<AuditLog.Entry> entries = new AuditStore(database).newestFirst(10, Long.MAX_VALUE, Optional.empty());
            assertThat(entries)
                    .extracting(AuditLog.Entry::action, AuditLog.Entry::target, AuditLog.Entry::detail)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    AuditLog.Action.USER_CREATED, "ann", Map.of("role", "sales")),
                            org.assertj.core.groups.Tuple.tuple(
                                    AuditLog.Action.KEY_CREATED,
                                    KeyStore.idOf(key.out().strip()),
                                    Map.of("scope", "read")));
            assertThat(entries).allSatisfy(e -> assertThat(e.actor()).isEqualTo(AuditLog.Actor.cli()));
        }
    }
}
