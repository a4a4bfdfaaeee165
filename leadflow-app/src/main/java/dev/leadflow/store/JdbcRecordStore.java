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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The record store on SQLite or PostgreSQL (the same SQL for both). Arrival numbers are given
 * here, by the single writer, so that a batch is numbered in its own order whatever the
 * database does; a repeated messageId is left out by the unique constraint
 * ({@code ON CONFLICT DO NOTHING RETURNING}), which is what makes dedupe exact even across
 * restarts.
 */
public final class JdbcRecordStore implements RecordStore {

    private static final int ROWS_PER_STATEMENT = 500;
    private static final int KEYS_PER_QUERY = 300;
    private static final String COLUMNS = "(seq, message_id, ts, type, user_id, anonymous_id, previous_id, received_at, body)";

    private final Database database;
    private final InputCodec codec = new InputCodec();
    private long nextSeq;

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
    public synchronized List<StoredRecord> append(List<? extends Input> records, long receivedAtMillis) {
        Map<String, Input> unique = new LinkedHashMap<>();
        for (Input r : records) {
            unique.putIfAbsent(r.messageId(), r);
        }
        List<StoredRecord> candidates = new ArrayList<>(unique.size());
        long seq = nextSeq;
        for (Input r : unique.values()) {
            candidates.add(new StoredRecord(seq++, r));
        }
        Set<Long> inserted = new HashSet<>();
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                for (int from = 0; from < candidates.size(); from += ROWS_PER_STATEMENT) {
                    insert(c, candidates.subList(from, Math.min(candidates.size(), from + ROWS_PER_STATEMENT)),
                            receivedAtMillis, inserted);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("store " + candidates.size() + " records", e);
        }
        nextSeq = seq;
        return candidates.stream().filter(r -> inserted.contains(r.seq())).toList();
    }

    private void insert(Connection c, List<StoredRecord> rows, long receivedAt, Set<Long> inserted)
            throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO records ").append(COLUMNS).append(" VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?)");
        }
        sql.append(" ON CONFLICT (message_id) DO NOTHING RETURNING seq");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (StoredRecord row : rows) {
                Input in = row.input();
                ps.setLong(p++, row.seq());
                ps.setString(p++, in.messageId());
                ps.setLong(p++, in.epochMillis());
                ps.setString(p++, in.type());
                ps.setString(p++, in.userId());
                ps.setString(p++, in.anonymousId());
                ps.setString(p++, in instanceof Alias a ? a.previousId() : null);
                ps.setLong(p++, receivedAt);
                ps.setString(p++, codec.write(in));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getLong(1));
                }
            }
        }
    }

    @Override
    public void forEachInProcessingOrder(Consumer<StoredRecord> action) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, body FROM records ORDER BY ts, seq")) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        action.accept(read(rs.getLong(1), rs.getString(2)));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw failure("read the records", e);
        }
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
