package dev.leadflow.adapter.jdbc;

import dev.leadflow.app.port.Delivery;
import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.app.port.StoreException;
import dev.leadflow.app.port.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hand-off's tables (V6): configuration versions, the desk's journal and its events, and the
 * webhook outbox's new rows. Rows are written on the connection of a record commit
 * ({@link #write}), so they commit with the records that caused them; reads use connections of
 * their own. Thread-safe.
 */
public final class HandoffStore implements HandoffJournal {

    private final Database database;

    public HandoffStore(Database database) {
        this.database = database;
    }

    @Override
    public List<Version> versions() {
        List<Version> out = new ArrayList<>();
        query(
                "SELECT version, yaml, created_at, created_by FROM handoff_configs ORDER BY version",
                rs -> out.add(new Version(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4))),
                "configurations");
        return out;
    }

    @Override
    public void forEachJournalRow(java.util.function.Consumer<JournalRow> action) {
        query(
                "SELECT seq, at, body FROM handoff_journal ORDER BY seq",
                rs -> action.accept(new JournalRow(rs.getLong(1), rs.getLong(2), rs.getString(3))),
                "journal");
    }

    @Override
    public long lastEventSeq() {
        long[] last = {0};
        query("SELECT COALESCE(MAX(seq), 0) FROM handoff_events", rs -> last[0] = rs.getLong(1), "events");
        return last[0];
    }

    @Override
    public List<EventRow> events(String leadId) {
        List<EventRow> out = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT seq, lead_id, at, type, body FROM handoff_events WHERE lead_id = ? ORDER BY seq")) {
            ps.setString(1, leadId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new EventRow(
                            rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot read the hand-off events in " + database.describe() + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Inserts the hand-off rows of {@code unit} on {@code c}, inside the caller's transaction. */
    static void write(Connection c, UnitOfWork unit) throws SQLException {
        if (unit.version().isPresent()) {
            addVersion(c, unit.version().get());
        }
        add(c, unit.journal(), unit.events());
        rename(c, unit.merges());
        if (!unit.deliveries().isEmpty()) {
            addDeliveries(c, unit.deliveries());
        }
    }

    /** Adds webhook deliveries to the outbox on {@code c}: they exist only if the caller's transaction commits. */
    public static void addDeliveries(Connection c, List<Delivery> deliveries) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO webhook_outbox (id, webhook, notice, lead_id, body, "
                        + "created_at, state, attempts, next_attempt_at) VALUES (?,?,?,?,?,?,'pending',0,?)")) {
            for (Delivery d : deliveries) {
                ps.setString(1, d.id());
                ps.setString(2, d.webhook());
                ps.setString(3, d.notice());
                ps.setString(4, d.leadId());
                ps.setString(5, d.body());
                ps.setLong(6, d.createdAt());
                ps.setLong(7, d.createdAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Inserts a configuration version on {@code c} (inside the caller's transaction). */
    private static void addVersion(Connection c, Version v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO handoff_configs (version, yaml, created_at, created_by) VALUES (?,?,?,?)")) {
            ps.setLong(1, v.version());
            ps.setString(2, v.yaml());
            ps.setLong(3, v.createdAt());
            ps.setString(4, v.createdBy());
            ps.executeUpdate();
        }
    }

    /** Files the events of merged leads under the leads they merged into ({@code from → into}, in order). */
    private static void rename(Connection c, List<Map.Entry<String, String>> merges) throws SQLException {
        if (merges.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE handoff_events SET lead_id = ? WHERE lead_id = ?")) {
            for (Map.Entry<String, String> m : merges) {
                ps.setString(1, m.getValue());
                ps.setString(2, m.getKey());
                ps.executeUpdate(); // one at a time: a later merge may move what an earlier one moved
            }
        }
    }

    /** Inserts journal and event rows on {@code c} (inside the caller's transaction). */
    private static void add(Connection c, List<JournalRow> journal, List<EventRow> events) throws SQLException {
        if (!journal.isEmpty()) {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO handoff_journal (seq, at, body) VALUES (?,?,?)")) {
                for (JournalRow r : journal) {
                    ps.setLong(1, r.seq());
                    ps.setLong(2, r.at());
                    ps.setString(3, r.body());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!events.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO handoff_events (seq, lead_id, at, type, body) VALUES (?,?,?,?,?)")) {
                for (EventRow r : events) {
                    ps.setLong(1, r.seq());
                    ps.setString(2, r.leadId());
                    ps.setLong(3, r.at());
                    ps.setString(4, r.type());
                    ps.setString(5, r.body());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowReader reader, String what) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(500);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot read the hand-off " + what + " in " + database.describe() + ": " + e.getMessage(), e);
        }
    }
}
