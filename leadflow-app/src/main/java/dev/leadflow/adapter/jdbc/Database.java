package dev.leadflow.adapter.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.leadflow.app.port.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * A connection pool to Leadflow's database, migrated to the current schema on open (Flyway). Two
 * kinds: an embedded SQLite file (the zero set-up default; WAL, and {@code synchronous=FULL} so a
 * commit is on disk) and PostgreSQL. Thread-safe.
 */
public final class Database implements AutoCloseable {

    /** The SQL dialects Leadflow speaks. */
    public enum Dialect {
        SQLITE("sqlite"),
        POSTGRESQL("postgresql");

        final String migrations;

        Dialect(String migrations) {
            this.migrations = migrations;
        }
    }

    /** The file of the embedded database inside a data directory. */
    public static final String EMBEDDED_FILE = "leadflow.db";

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final String url;

    private Database(HikariDataSource dataSource, Dialect dialect, String url) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.url = url;
    }

    /** The embedded database under {@code dataDir}, created when missing. */
    public static Database embedded(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        return open("jdbc:sqlite:" + dataDir.resolve(EMBEDDED_FILE).toAbsolutePath());
    }

    /**
     * Opens {@code jdbcUrl} ({@code jdbc:sqlite:…} or {@code jdbc:postgresql:…}) and migrates it.
     *
     * @throws StoreException naming the URL and the cause when it cannot be opened or migrated
     */
    public static Database open(String jdbcUrl) {
        Dialect dialect = dialectOf(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("leadflow");
        if (dialect == Dialect.SQLITE) {
            config.setMaximumPoolSize(4); // one writer at a time anyway; WAL lets readers run beside it
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", "10000");
            // freed content is overwritten with zeros, so that an erased person's data leaves the file
            // (docs/PRIVACY.md)
            config.addDataSourceProperty("secure_delete", "true");
            // checkpoints run beside the writer (see startCheckpoints), not inside a commit that happens to fill the
            // WAL
            config.setConnectionInitSql("PRAGMA wal_autocheckpoint=0");
        } else {
            config.setMaximumPoolSize(8);
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the database " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + dialect.migrations)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreException("cannot migrate the database " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        Database database = new Database(dataSource, dialect, jdbcUrl);
        if (dialect == Dialect.SQLITE) {
            database.startCheckpoints();
        }
        return database;
    }

    /** How often the SQLite write-ahead log is copied into the database file. */
    static final long CHECKPOINT_PERIOD_MILLIS = 1000;

    private java.util.concurrent.@Nullable ScheduledExecutorService checkpoints;

    /**
     * SQLite: a passive checkpoint every second on its own connection. Passive checkpoints never
     * block the writer or readers; a commit then never pays for copying the log into the file.
     */
    @SuppressWarnings("FutureReturnValueIgnored") // each task catches and logs its own failures; shutdown ends it
    private void startCheckpoints() {
        checkpoints = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("leadflow-checkpoint").daemon().unstarted(r));
        checkpoints.scheduleWithFixedDelay(
                () -> {
                    try (java.sql.Connection c = dataSource.getConnection();
                            java.sql.Statement s = c.createStatement()) {
                        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                    } catch (java.sql.SQLException | RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(Database.class)
                                .warn("checkpoint of {} failed; retrying", describe(), e);
                    }
                },
                CHECKPOINT_PERIOD_MILLIS,
                CHECKPOINT_PERIOD_MILLIS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static Dialect dialectOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return Dialect.SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        throw new StoreException(
                "unsupported database URL '" + redact(jdbcUrl)
                        + "': use jdbc:postgresql://host/db (or omit it for the embedded database)",
                null);
    }

    /** The URL without a password given as a query parameter. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * Makes this process the database's only writer of records until the returned lock is closed:
     * the server and {@code import} take it, so that two processes never number records at once.
     * On SQLite a lock on a file beside the database; on PostgreSQL a session advisory lock.
     *
     * @throws StoreException when another process holds it
     */
    public WriterLock lockForWriting() {
        String busy = "another Leadflow process is writing to " + describe() + " (a running server?); stop it first";
        try {
            if (dialect == Dialect.SQLITE) {
                String file = url.substring("jdbc:sqlite:".length());
                java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(
                        Path.of(file + ".writer"),
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    throw new StoreException(busy, null);
                }
                return () -> { // closing the channel releases the lock
                    try {
                        channel.close();
                    } catch (java.io.IOException e) {
                        throw new StoreException("cannot release the writer lock of " + describe(), e);
                    }
                };
            }
            java.sql.Connection c = dataSource.getConnection();
            try (java.sql.Statement s = c.createStatement();
                    java.sql.ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + WRITER_LOCK_KEY + ")")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new StoreException(busy, null);
                }
            } catch (java.sql.SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            return () -> { // a pooled session outlives close(): release the lock explicitly
                try (c;
                        java.sql.Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + WRITER_LOCK_KEY + ")");
                } catch (java.sql.SQLException e) {
                    throw new StoreException("cannot release the writer lock of " + describe(), e);
                }
            };
        } catch (java.io.IOException | java.sql.SQLException e) {
            throw new StoreException("cannot lock " + describe() + " for writing: " + e.getMessage(), e);
        }
    }

    /**
     * After an erasure (docs/PRIVACY.md, "Erase"): makes the database overwrite what it freed. SQLite
     * zeroes freed content as it goes ({@code secure_delete}); here the write-ahead log is copied
     * into the file and truncated, so that no old page stays in it. PostgreSQL keeps dead row
     * versions until a vacuum: the tables an erasure rewrites are vacuumed now, their space then
     * reused. A failure is logged, not thrown: the erasure itself has committed.
     */
    void overwriteFreed() {
        String sql = dialect == Dialect.SQLITE
                ? "PRAGMA wal_checkpoint(TRUNCATE)"
                : "VACUUM record_chunks, handoff_journal, handoff_events, webhook_outbox, audit_log";
        try (java.sql.Connection c = dataSource.getConnection();
                java.sql.Statement s = c.createStatement()) {
            if (dialect == Dialect.SQLITE) {
                try (java.sql.ResultSet rs = s.executeQuery(sql)) {
                    if (rs.next() && rs.getInt(1) != 0) {
                        org.slf4j.LoggerFactory.getLogger(Database.class)
                                .warn(
                                        "the write-ahead log of {} was busy; it is truncated at the next quiet checkpoint",
                                        describe());
                    }
                }
            } else {
                s.execute(sql);
            }
        } catch (java.sql.SQLException e) {
            org.slf4j.LoggerFactory.getLogger(Database.class)
                    .warn("could not overwrite freed space in {} after an erasure: {}", describe(), e.getMessage());
        }
    }

    /** The right to write records, held until closed. */
    public interface WriterLock extends AutoCloseable {
        @Override
        void close();
    }

    /** The advisory lock key of the record writer ("LEADFLOW" in ASCII, truncated to 63 bits). */
    private static final long WRITER_LOCK_KEY = 0x4C45414446_4C4FL;

    public DataSource dataSource() {
        return dataSource;
    }

    /** The URL it was opened with, any password parameter masked. */
    public String describe() {
        return redact(url);
    }

    @Override
    public void close() {
        if (checkpoints != null) {
            checkpoints.shutdownNow();
        }
        dataSource.close();
    }
}
