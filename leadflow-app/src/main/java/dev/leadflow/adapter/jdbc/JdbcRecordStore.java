package dev.leadflow.adapter.jdbc;

import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.app.port.RecordLog;
import dev.leadflow.app.port.StoreException;
import dev.leadflow.app.port.StoredRecord;
import dev.leadflow.app.port.UnitOfWork;
import dev.leadflow.input.InputCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The record store on SQLite or PostgreSQL (the same SQL for both). Records are only appended, in
 * chunks: one row per commit holds its records as lines of the replay format, numbered here by the
 * single writer (a chunk's records take the seqs after its {@code first_seq}), so the writer pays
 * one row per commit rather than one per record. A repeated messageId is left out against the set
 * of stored ids this store keeps in memory (read from the table when first needed, or while the
 * history is read at start-up): exact, since one process writes at a time
 * ({@link Database#lockForWriting}), and far cheaper than a unique index on random keys.
 */
public final class JdbcRecordStore implements RecordLog {

    /** The most records one row holds: a large commit takes several rows of moderate size. */
    private static final int RECORDS_PER_CHUNK = 1000;
    /** Unknown: read from the table before the next append. */
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final Database database;
    private final InputCodec codec = new InputCodec();
    private long nextSeq;
    /** Every stored messageId, once known; null until first needed. Guarded by {@code this}. */
    private @Nullable MessageIds ids;
    /** Commits and failed commits so far, so that a read beside them knows whether one came. Guarded by {@code this}. */
    private long commits;

    public JdbcRecordStore(Database database) {
        this.database = database;
        try {
            nextSeq = readNextSeq();
        } catch (SQLException e) {
            throw failure("read the last record number", e);
        }
    }

    /** The seq after the last stored record (1 for an empty table): the last chunk's, by primary key. */
    private long readNextSeq() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT first_seq + count FROM record_chunks ORDER BY first_seq DESC LIMIT 1")) {
            return rs.next() ? rs.getLong(1) : 1;
        }
    }

    @Override
    public synchronized UnitOfWork begin() {
        if (nextSeq == UNKNOWN) {
            try {
                nextSeq = readNextSeq();
            } catch (SQLException e) {
                throw new StoreException(
                        "cannot read the last record number of " + database.describe() + ": " + e.getMessage(),
                        e,
                        false);
            }
        }
        MessageIds known = ids();
        return new UnitOfWork(nextSeq, known::contains);
    }

    @Override
    public synchronized void commit(UnitOfWork unit, long receivedAtMillis) {
        if (unit.isEmpty()) {
            return;
        }
        long from = nextSeq;
        commits++;
        if (unit.firstSeq() != from) {
            throw new IllegalStateException("a unit of work numbered from " + unit.firstSeq()
                    + " cannot commit after record " + (from - 1) + "; was another unit committed meanwhile?");
        }
        List<EncodedRecord> rows = unit.records();
        try {
            insert(unit, from, receivedAtMillis);
        } catch (SQLException | RuntimeException e) {
            failed(e, from, rows.size()); // returns only when the commit happened all the same
        }
        nextSeq = from + rows.size();
        MessageIds known = ids();
        for (EncodedRecord r : rows) {
            known.add(r.input().messageId());
        }
    }

    /**
     * Stores one person's erasure in one transaction ({@link ErasureWriter}), then has the database
     * overwrite what it freed ({@link Database#overwriteFreed}). The stored messageIds are read
     * again before the next append: the person's are gone.
     */
    @Override
    public synchronized void erase(Erasure erasure) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                ErasureWriter.write(c, erasure);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("erase " + erasure.records().size() + " records", e, false);
        }
        ids = null;
        database.overwriteFreed();
    }

    private void insert(UnitOfWork unit, long first, long receivedAtMillis) throws SQLException {
        List<EncodedRecord> rows = unit.records();
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO record_chunks (first_seq, count, received_at, body) VALUES (?,?,?,?)")) {
                for (int from = 0; from < rows.size(); from += RECORDS_PER_CHUNK) {
                    List<EncodedRecord> chunk = rows.subList(from, Math.min(rows.size(), from + RECORDS_PER_CHUNK));
                    ps.setLong(1, first + from);
                    ps.setLong(2, chunk.size());
                    ps.setLong(3, receivedAtMillis);
                    ps.setString(4, join(chunk));
                    ps.addBatch();
                }
                if (!rows.isEmpty()) {
                    ps.executeBatch();
                }
                HandoffStore.write(c, unit);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * After a failed insert, learns from the table whether it committed all the same (a connection
     * lost while the commit answered): returns if it did; else throws, saying whether the records
     * may have been stored (when the table cannot be read either).
     */
    private void failed(Exception e, long first, int count) {
        String message = "store " + count + " records";
        try {
            long found = readNextSeq();
            if (count > 0 && found == first + count) {
                return; // committed: one writer process, so these are ours
            }
            if (count > 0 && found == first) {
                throw e instanceof SQLException sql
                        ? failure(message, sql, false)
                        : new StoreException("cannot " + message + ": " + e, e, false);
            }
            nextSeq = found; // a table changed under us: read everything again
        } catch (SQLException unreadable) {
            nextSeq = UNKNOWN;
        }
        ids = null;
        throw e instanceof SQLException sql
                ? failure(message, sql, true)
                : new StoreException("cannot " + message + ": " + e, e, true);
    }

    private static String join(List<EncodedRecord> chunk) {
        int length = chunk.size();
        for (EncodedRecord r : chunk) {
            length += r.body().length();
        }
        StringBuilder body = new StringBuilder(length);
        for (EncodedRecord r : chunk) {
            if (!body.isEmpty()) {
                body.append('\n');
            }
            body.append(r.body());
        }
        return body.toString();
    }

    /** The stored messageIds, read from the table the first time they are needed. */
    private MessageIds ids() {
        if (ids == null) {
            MessageIds loaded = new MessageIds();
            readAll(0, r -> loaded.add(r.input().messageId()));
            ids = loaded;
        }
        return ids;
    }

    /**
     * Reads every record (by seq, a scan of the table in one snapshot, the writer not held), then
     * orders them by timestamp, ties by seq, in memory. Learns the stored messageIds on the way,
     * sharing the records' strings, unless a commit came meanwhile.
     */
    @Override
    public void forEachInProcessingOrder(Consumer<StoredRecord> action) {
        long generation;
        synchronized (this) {
            generation = commits;
        }
        List<StoredRecord> all = new ArrayList<>();
        readAll(0, all::add);
        synchronized (this) {
            if (ids == null && commits == generation) {
                MessageIds learned = new MessageIds();
                all.forEach(r -> learned.add(r.input().messageId()));
                ids = learned;
            }
        }
        all.sort(StoredRecord.PROCESSING_ORDER);
        all.forEach(action);
    }

    @Override
    public void forEachAfter(long seq, Consumer<StoredRecord> action) {
        readAll(seq, r -> {
            if (r.seq() > seq) {
                action.accept(r);
            }
        });
    }

    /** Every stored record of the chunks that end after {@code seq}, by seq. */
    private void readAll(long seq, Consumer<StoredRecord> action) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT first_seq, count, body FROM record_chunks WHERE first_seq + count > ? ORDER BY first_seq")) {
                ps.setLong(1, seq + 1);
                ps.setFetchSize(100);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        readChunk(rs.getLong(1), rs.getLong(2), rs.getString(3), action);
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw failure("read the records", e);
        }
    }

    private void readChunk(long firstSeq, long count, String body, Consumer<StoredRecord> action) {
        long seq = firstSeq;
        for (int from = 0; from <= body.length(); seq++) {
            int end = body.indexOf('\n', from);
            end = end < 0 ? body.length() : end;
            action.accept(read(seq, body.substring(from, end)));
            from = end + 1;
        }
        if (seq != firstSeq + count) {
            throw new StoreException(
                    "the chunk of records from " + firstSeq + " holds " + (seq - firstSeq) + " records, not " + count
                            + "; was the database edited by hand?",
                    null);
        }
    }

    private StoredRecord read(long seq, String body) {
        return switch (codec.parse(body)) {
            case InputCodec.Parsed.Valid v -> new StoredRecord(seq, v.input());
            case InputCodec.Parsed.Invalid i ->
                throw new StoreException(
                        "stored record " + seq + " cannot be read (" + i.message()
                                + "); was the database edited by hand?",
                        null);
        };
    }

    @Override
    public long count() {
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(count), 0) FROM record_chunks")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("count the records", e);
        }
    }

    private StoreException failure(String what, SQLException e) {
        return failure(what, e, true);
    }

    private StoreException failure(String what, SQLException e, boolean maybeStored) {
        return new StoreException(
                "cannot " + what + " in " + database.describe() + ": " + e.getMessage(), e, maybeStored);
    }
}
