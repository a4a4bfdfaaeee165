package dev.leadflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Storage on the embedded SQLite database")
class SqliteStoreTest extends StoreContract {

    @TempDir
    Path dir;

    @Override
    Database freshDatabase() {
        return Database.embedded(dir);
    }

    @Override
    Database reopen() {
        return Database.embedded(dir);
    }

    @Test
    @DisplayName("every pooled connection writes ahead (WAL) and syncs each commit to disk (synchronous=FULL)")
    void durableSettings() throws SQLException {
        try (Database database = Database.embedded(dir.resolve("settings"))) {
            for (int i = 0; i < 3; i++) {
                try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
                    assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
                    assertThat(pragma(s, "synchronous")).isEqualTo("2"); // FULL
                }
            }
        }
    }

    private static String pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
