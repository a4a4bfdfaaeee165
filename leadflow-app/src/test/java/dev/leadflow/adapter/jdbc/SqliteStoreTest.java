package dev.leadflow.adapter.jdbc;

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
            java.util.List<Connection> held = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) { // the pool's size: each a distinct connection, all held at once
                    Connection c = database.dataSource().getConnection();
                    held.add(c);
                    try (Statement s = c.createStatement()) {
                        assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
                        assertThat(pragma(s, "synchronous")).isEqualTo("2"); // FULL
                    }
                }
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
        }
    }

    @Test
    @DisplayName("a database written one row per record (schema 3) is migrated to chunks and reads back the same")
    void migratesRecordRows() throws SQLException, java.io.IOException {
        Path old = dir.resolve("old");
        java.nio.file.Files.createDirectories(old);
        String url = "jdbc:sqlite:" + old.resolve(Database.EMBEDDED_FILE);
        org.flywaydb.core.Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration/sqlite")
                .target("3")
                .load()
                .migrate();
        try (Connection c = java.sql.DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO records (seq, message_id, ts, type, user_id, received_at, body) VALUES "
                    + "(1, 'a', 0, 'page', 'u1', 5, '"
                    + dev.leadflow.app.port.EncodedRecord.of(page("a", 0, "u1")).body() + "'),"
                    + "(2, 'b', 0, 'page', 'u2', 5, '"
                    + dev.leadflow.app.port.EncodedRecord.of(page("b", 0, "u2")).body() + "')");
        }
        try (Database database = Database.embedded(old)) {
            JdbcRecordStore store = new JdbcRecordStore(database);
            assertThat(store.count()).isEqualTo(2);
            assertThat(seqs(store.append(java.util.List.of(page("b", 1, "u2"), page("c", 1, "u3")), 6L)))
                    .as("b is stored already; c follows the migrated rows")
                    .containsExactly(3L);
            java.util.List<String> ids = new java.util.ArrayList<>();
            store.forEachInProcessingOrder(r -> ids.add(r.input().messageId()));
            assertThat(ids).containsExactly("a", "b", "c");
        }
    }

    private static String pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
