package dev.leadflow;

import dev.leadflow.adapter.jdbc.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The databases Leadflow runs on, for tests that run on each: the embedded SQLite file, and a real
 * PostgreSQL server (zonky's embedded binaries; one server for the whole test run, started on first
 * use, a new database for each {@link #fresh} call).
 */
public enum TestDatabase {
    SQLITE,
    POSTGRESQL;

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    /** A new, empty database (in {@code dir} for SQLite); each call of the supplier opens it (again, as after a restart). */
    public Supplier<Database> fresh(Path dir) {
        if (this == SQLITE) {
            return () -> Database.embedded(dir);
        }
        String name = "test_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("creating database " + name, e);
        }
        String url = server().getJdbcUrl("postgres", name);
        return () -> Database.open(url);
    }

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the test run is over; its temporary files go with the machine's
                }
            }));
        }
        return postgres;
    }
}
