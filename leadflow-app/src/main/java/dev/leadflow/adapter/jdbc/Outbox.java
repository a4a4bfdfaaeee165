package dev.leadflow.adapter.jdbc;

import dev.leadflow.app.port.Delivery;
import dev.leadflow.app.port.StoreException;
import dev.leadflow.app.port.WebhookOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The webhook outbox (table {@code webhook_outbox}) and its delivery log ({@code webhook_attempts}):
 * deliveries are added in the transaction of the change they tell of, and leave it only as
 * {@code delivered} or, after retries, {@code dead}. Thread-safe (one connection per call).
 */
public final class Outbox implements WebhookOutbox {

    private final Database database;

    public Outbox(Database database) {
        this.database = database;
    }

    /** Adds deliveries inside the caller's transaction on {@code c}: they exist only if it commits. */
    public static void add(Connection c, List<Delivery> deliveries) throws SQLException {
        HandoffStore.addDeliveries(c, deliveries);
    }

    /** Adds deliveries in a transaction of their own. */
    public void add(List<Delivery> deliveries) {
        inTransaction("add " + deliveries.size() + " webhook deliveries", c -> {
            add(c, deliveries);
            return null;
        });
    }

    /** Pending deliveries due at {@code nowMillis}, oldest due first, at most {@code limit}. */
    @Override
    public List<Row> due(long nowMillis, int limit) {
        return query(
                "SELECT * FROM webhook_outbox WHERE state = 'pending' AND next_attempt_at <= ? "
                        + "ORDER BY next_attempt_at, id LIMIT ?",
                nowMillis,
                limit);
    }

    /** The delivery with this id. */
    @Override
    public Optional<Row> get(String id) {
        return query("SELECT * FROM webhook_outbox WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public List<Row> forLead(String leadId) {
        return query("SELECT * FROM webhook_outbox WHERE lead_id = ? ORDER BY created_at, id", leadId);
    }

    /** Deliveries in {@code state}, newest first, at most {@code limit}. */
    @Override
    public List<Row> list(State state, int limit) {
        return query(
                "SELECT * FROM webhook_outbox WHERE state = ? ORDER BY created_at DESC, id LIMIT ?",
                state.wire(),
                limit);
    }

    /**
     * Records an attempt and where the delivery goes next, in one transaction: {@code next} is
     * {@code DELIVERED}, {@code DEAD}, or {@code PENDING} until {@code nextAttemptAt}.
     */
    @Override
    public void attempted(String id, Attempt a, State next, long nextAttemptAt) {
        inTransaction("record webhook delivery " + id, c -> {
            try (PreparedStatement log = c.prepareStatement("INSERT INTO webhook_attempts (delivery_id, attempt, at, "
                            + "status, error, millis) VALUES (?,?,?,?,?,?)");
                    PreparedStatement row = c.prepareStatement("UPDATE webhook_outbox SET state = ?, attempts = ?, "
                            + "next_attempt_at = ?, first_attempt_at = COALESCE(first_attempt_at, ?), "
                            + "delivered_at = ?, last_error = ?, "
                            // a delivered lead_erased notice named the erased person's ids: they go with it
                            + "body = CASE WHEN notice = 'lead_erased' AND ? = 'delivered' THEN '"
                            + ErasureWriter.ERASED_BODY + "' ELSE body END WHERE id = ?")) {
                log.setString(1, id);
                log.setInt(2, a.attempt());
                log.setLong(3, a.at());
                if (a.status() == null) {
                    log.setNull(4, Types.INTEGER);
                } else {
                    log.setInt(4, a.status());
                }
                log.setString(5, a.error());
                log.setLong(6, a.millis());
                log.executeUpdate();
                row.setString(1, next.wire());
                row.setInt(2, a.attempt());
                row.setLong(3, nextAttemptAt);
                row.setLong(4, a.at());
                if (next == State.DELIVERED) {
                    row.setLong(5, a.at());
                } else {
                    row.setNull(5, Types.BIGINT);
                }
                row.setString(6, next == State.DELIVERED ? null : a.error());
                row.setString(7, next.wire());
                row.setString(8, id);
                row.executeUpdate();
            }
            return null;
        });
    }

    /** The attempts of a delivery, in order. */
    @Override
    public List<Attempt> log(String id) {
        return inTransaction("read the log of webhook delivery " + id, c -> {
            List<Attempt> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT attempt, at, status, error, millis FROM "
                    + "webhook_attempts WHERE delivery_id = ? ORDER BY attempt")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int status = rs.getInt(3);
                        out.add(new Attempt(
                                rs.getInt(1),
                                rs.getLong(2),
                                rs.wasNull() ? null : status,
                                rs.getString(4),
                                rs.getLong(5)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Sends a delivered or dead delivery again from {@code nowMillis}, with a fresh retry budget
     * (its log is kept); false for an unknown id or one still pending.
     */
    @Override
    public boolean redeliver(String id, long nowMillis) {
        return inTransaction("redeliver webhook delivery " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_outbox SET state = 'pending', "
                    + "next_attempt_at = ?, first_attempt_at = NULL WHERE id = ? AND state <> 'pending'")) {
                ps.setLong(1, nowMillis);
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private interface Work<T extends @Nullable Object> {
        T run(Connection c) throws SQLException;
    }

    private <T extends @Nullable Object> T inTransaction(String what, Work<T> work) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " in " + database.describe() + ": " + e.getMessage(), e);
        }
    }

    private List<Row> query(String sql, Object... args) {
        return inTransaction("read the webhook outbox", c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(
                                rs.getString("id"),
                                rs.getString("webhook"),
                                rs.getString("notice"),
                                rs.getString("lead_id"),
                                rs.getString("body"),
                                State.of(rs.getString("state")),
                                rs.getInt("attempts"),
                                rs.getLong("next_attempt_at"),
                                nullableLong(rs, "first_attempt_at"),
                                nullableLong(rs, "delivered_at"),
                                rs.getString("last_error")));
                    }
                }
            }
            return rows;
        });
    }

    private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
