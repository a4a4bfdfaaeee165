package dev.leadflow.adapter.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.leadflow.adapter.json.Json;
import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The audit log in the {@code audit_log} table, numbered by the database. It has no way to change
 * or remove an entry, and the table's triggers refuse one from any other client. Thread-safe.
 */
public final class AuditStore implements AuditLog {

    private static final JsonMapper JSON = Json.mapper().build();
    private static final TypeReference<TreeMap<String, String>> DETAIL = new TypeReference<>() {};

    private final Database database;

    public AuditStore(Database database) {
        this.database = database;
    }

    @Override
    public Entry append(long at, Actor actor, Action action, String target, Map<String, String> detail) {
        TreeMap<String, String> sorted = new TreeMap<>(detail);
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO audit_log (at, actor, origin, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, at);
            ps.setString(2, actor.who());
            ps.setString(3, actor.from());
            ps.setString(4, action.wireName());
            ps.setString(5, target);
            ps.setString(6, JSON.writeValueAsString(sorted));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Entry(keys.getLong(1), at, actor, action, target, sorted);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException(
                    "cannot append to the audit log in " + database.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Entry> newestFirst(int limit, long beforeSeq, Optional<Action> action) {
        String sql = "SELECT seq, at, actor, origin, action, target, detail FROM audit_log WHERE seq < ?"
                + (action.isPresent() ? " AND action = ?" : "") + " ORDER BY seq DESC LIMIT ?";
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, beforeSeq);
            if (action.isPresent()) {
                ps.setString(i++, action.get().wireName());
            }
            ps.setInt(i, limit);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(entry(rs));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot read the audit log in " + database.describe() + ": " + e.getMessage(), e);
        }
    }

    private static Entry entry(ResultSet rs) throws SQLException, JsonProcessingException {
        String action = rs.getString(5);
        return new Entry(
                rs.getLong(1),
                rs.getLong(2),
                new Actor(rs.getString(3), rs.getString(4)),
                Action.parse(action)
                        .orElseThrow(() -> new SQLException("unknown audit action '" + action + "' in the database")),
                rs.getString(6),
                JSON.readValue(rs.getString(7), DETAIL));
    }
}
