package dev.leadflow.store;

import dev.leadflow.input.Alias;
import dev.leadflow.input.Input;
import dev.leadflow.input.InputCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The record store on SQLite or PostgreSQL (the same SQL for both). Rows are only appended, numbered
 * here by the single writer so that a batch is numbered in its own order. A repeated messageId is
 * left out against the set of stored ids this store keeps in memory (read from the table when
 * first needed, or while the history is read at start-up): exact, since one process writes at a
 * time ({@link Database#lockForWriting}), and far cheaper than a unique index on random keys.
 */
public final class JdbcRecordStore implements RecordStore {

    private static final int KEYS_PER_QUERY = 300;
    private static final String COLUMNS = "(seq, message_id, ts, type, user_id, anonymous_id, previous_id, received_at, body)";

    private final Database database;
    private final InputCodec codec = new InputCodec();
    private long nextSeq;
    /** Every stored messageId, once known; null until first needed. Guarded by {@code this}. */
    private MessageIds ids;

    public JdbcRecordStore(Database database) {
        this.database = database;
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM records")) {
            rs.next();
            nextSeq = rs.getLong(1) + 1;
        } catch (SQLException e) {
            throw failure("read the last record number", e);
        }
    }

    @Override
    public synchronized List<StoredRecord> appendEncoded(List<EncodedRecord> records, long receivedAtMillis) {
        if (nextSeq == Long.MIN_VALUE) {
            resync();
            if (nextSeq == Long.MIN_VALUE) {
                throw new StoreException("cannot read the last record number of " + database.describe(), null);
            }
        }
        MessageIds known = ids();
        MessageIds batch = new MessageIds();
        List<EncodedRecord> rows = new ArrayList<>(records.size());
        for (EncodedRecord r : records) {
            String id = r.input().messageId();
            if (!known.contains(id) && batch.add(id)) {
                rows.add(r);
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        long first = nextSeq;
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO records " + COLUMNS
                    + " VALUES (?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < rows.size(); i++) {
                    bind(ps, first + i, rows.get(i), receivedAtMillis);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            // the commit may have happened all the same (a connection lost while it answered):
            // learn the numbers and ids again from the table before the next append
            resync();
            throw e instanceof SQLException sql ? failure("store " + rows.size() + " records", sql) : (RuntimeException) e;
        }
        nextSeq = first + rows.size();
        List<StoredRecord> stored = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            known.add(rows.get(i).input().messageId());
            stored.add(new StoredRecord(first + i, rows.get(i).input()));
        }
        return stored;
    }

    /** Forgets what this store believed about the table; it is read again when next needed. */
    private void resync() {
        ids = null;
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM records")) {
            rs.next();
            nextSeq = Math.max(nextSeq, rs.getLong(1) + 1);
        } catch (SQLException e) {
            nextSeq = Long.MIN_VALUE; // unknown: the next append reads it first
        }
    }

    private static void bind(PreparedStatement ps, long seq, EncodedRecord row, long receivedAt) throws SQLException {
        Input in = row.input();
        int p = 1;
        ps.setLong(p++, seq);
        ps.setString(p++, in.messageId());
        ps.setLong(p++, in.epochMillis());
        ps.setString(p++, in.type());
        ps.setString(p++, in.userId());
        ps.setString(p++, in.anonymousId());
        ps.setString(p++, in instanceof Alias a ? a.previousId() : null);
        ps.setLong(p++, receivedAt);
        ps.setString(p, row.body());
    }

    /** The stored messageIds, read from the table the first time they are needed. */
    private MessageIds ids() {
        if (ids == null) {
            MessageIds loaded = new MessageIds();
            try (Connection c = database.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("SELECT message_id FROM records")) {
                    ps.setFetchSize(10_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            loaded.add(rs.getString(1));
                        }
                    }
                } finally {
                    c.rollback();
                }
            } catch (SQLException e) {
                throw failure("read the stored messageIds", e);
            }
            ids = loaded;
        }
        return ids;
    }

    /**
     * Reads every record (by seq, a scan of the table), then orders them by timestamp, ties by seq,
     * in memory. Also learns the stored messageIds on the way, sharing the records' strings.
     */
    @Override
    public synchronized void forEachInProcessingOrder(Consumer<StoredRecord> action) {
        List<StoredRecord> all = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, body FROM records ORDER BY seq")) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        all.add(read(rs.getLong(1), rs.getString(2)));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw failure("read the records", e);
        }
        if (ids == null) {
            MessageIds learned = new MessageIds();
            all.forEach(r -> learned.add(r.input().messageId()));
            ids = learned;
        }
        all.sort(java.util.Comparator.comparingLong(r -> r.input().epochMillis())); // stable: ties stay by seq
        all.forEach(action);
    }

    @Override
    public List<StoredRecord> naming(Collection<String> identityKeys) {
        List<String> keys = List.copyOf(new HashSet<>(identityKeys));
        TreeMap<Long, StoredRecord> found = new TreeMap<>();
        try (Connection c = database.dataSource().getConnection()) {
            for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
                String in = "(" + "?,".repeat(chunk.size() - 1) + "?)";
                String sql = "SELECT seq, body FROM records WHERE user_id IN " + in + " OR anonymous_id IN " + in
                        + " OR previous_id IN " + in;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int p = 1;
                    for (int round = 0; round < 3; round++) {
                        for (String key : chunk) {
                            ps.setString(p++, key);
                        }
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long seq = rs.getLong(1);
                            found.computeIfAbsent(seq, s -> readUnchecked(s, rs));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("find the records of " + keys.size() + " identities", e);
        }
        return List.copyOf(found.values());
    }

    private StoredRecord readUnchecked(long seq, ResultSet rs) {
        try {
            return read(seq, rs.getString(2));
        } catch (SQLException e) {
            throw failure("read record " + seq, e);
        }
    }

    private StoredRecord read(long seq, String body) {
        return switch (codec.parse(body)) {
            case InputCodec.Parsed.Valid v -> new StoredRecord(seq, v.input());
            case InputCodec.Parsed.Invalid i -> throw new StoreException(
                    "stored record " + seq + " cannot be read (" + i.message() + "); was the database edited by hand?", null);
        };
    }

    @Override
    public long count() {
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM records")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("count the records", e);
        }
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("cannot " + what + " in " + database.describe() + ": " + e.getMessage(), e);
    }
}
