package dev.leadflow.adapter.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.leadflow.adapter.json.Json;
import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.app.port.RecordLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one {@link RecordLog.Erasure} inside the caller's transaction (docs/PRIVACY.md, "Erase"):
 * the chunks holding the person's records rewritten line by line, the ids in the hand-off journal
 * and events replaced, the webhook deliveries refiled and emptied, the audit entries renamed.
 */
final class ErasureWriter {

    private static final JsonMapper JSON = Json.mapper().build();
    /** What a delivery's body becomes: what it sent is gone with the person. */
    static final String ERASED_BODY = "{\"erased\":true}";

    private ErasureWriter() {}

    static void write(Connection c, RecordLog.Erasure e) throws SQLException {
        chunks(c, new TreeMap<>(e.records()));
        if (!e.ids().isEmpty()) { // a retention renames nothing: no pass over the hand-off rows
            rows(
                    c,
                    "handoff_journal",
                    "SELECT seq, body FROM handoff_journal",
                    "UPDATE handoff_journal SET body = ? WHERE seq = ?",
                    e.ids());
            rows(
                    c,
                    "handoff_events",
                    "SELECT seq, body FROM handoff_events",
                    "UPDATE handoff_events SET body = ? WHERE seq = ?",
                    e.ids());
        }
        try (PreparedStatement events = c.prepareStatement("UPDATE handoff_events SET lead_id = ? WHERE lead_id = ?");
                PreparedStatement outbox =
                        c.prepareStatement("UPDATE webhook_outbox SET lead_id = ?, body = ? WHERE lead_id = ?");
                PreparedStatement audit = c.prepareStatement("UPDATE audit_log SET target = ? WHERE target = ?")) {
            for (Map.Entry<String, String> lead : e.leadIds().entrySet()) {
                events.setString(1, lead.getValue());
                events.setString(2, lead.getKey());
                events.executeUpdate();
                outbox.setString(1, lead.getValue());
                outbox.setString(2, ERASED_BODY);
                outbox.setString(3, lead.getKey());
                outbox.executeUpdate();
                audit.setString(1, lead.getValue());
                audit.setString(2, lead.getKey());
                audit.executeUpdate();
            }
        }
        HandoffStore.addDeliveries(c, e.deliveries());
    }

    /** Each chunk holding a record of {@code records} (by seq) rewritten with the new lines. */
    private static void chunks(Connection c, java.util.NavigableMap<Long, EncodedRecord> records) throws SQLException {
        try (PreparedStatement find = c.prepareStatement(
                        "SELECT first_seq, count, body FROM record_chunks WHERE first_seq <= ? ORDER BY first_seq DESC LIMIT 1");
                PreparedStatement update =
                        c.prepareStatement("UPDATE record_chunks SET body = ? WHERE first_seq = ?")) {
            Long seq = records.isEmpty() ? null : records.firstKey();
            while (seq != null) {
                find.setLong(1, seq);
                long first;
                int count;
                String body;
                try (ResultSet rs = find.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("no stored chunk holds record " + seq);
                    }
                    first = rs.getLong(1);
                    count = rs.getInt(2);
                    body = rs.getString(3);
                }
                String[] lines = body.split("\n", -1);
                if (lines.length != count || seq >= first + count) {
                    throw new SQLException("the chunk from record " + first + " does not hold record " + seq);
                }
                for (Map.Entry<Long, EncodedRecord> r :
                        records.subMap(first, first + count).entrySet()) {
                    lines[(int) (r.getKey() - first)] = r.getValue().body();
                }
                update.setString(1, String.join("\n", lines));
                update.setLong(2, first);
                update.executeUpdate();
                seq = records.higherKey(first + count - 1);
            }
        }
    }

    /** Every row of {@code table} whose JSON names an id of {@code ids}, rewritten with the pseudonyms. */
    private static void rows(Connection c, String table, String select, String update, Map<String, String> ids)
            throws SQLException {
        List<Object[]> changed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(select);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String body = rs.getString(2);
                if (ids.keySet().stream().noneMatch(body::contains)) {
                    continue;
                }
                try {
                    JsonNode tree = JSON.readTree(body);
                    if (replace(tree, ids)) {
                        changed.add(new Object[] {JSON.writeValueAsString(tree), rs.getLong(1)});
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new SQLException(table + " row " + rs.getLong(1) + " is not JSON: " + e.getMessage(), e);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(update)) {
            for (Object[] row : changed) {
                ps.setString(1, (String) row[0]);
                ps.setLong(2, (Long) row[1]);
                ps.executeUpdate();
            }
        }
    }

    /** Replaces, in place, every text value equal to a key of {@code ids}; whether any was. */
    private static boolean replace(JsonNode node, Map<String, String> ids) {
        boolean any = false;
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> f : o.properties()) {
                if (f.getValue().isTextual() && ids.containsKey(f.getValue().asText())) {
                    f.setValue(TextNode.valueOf(ids.get(f.getValue().asText())));
                    any = true;
                } else {
                    any |= replace(f.getValue(), ids);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual() && ids.containsKey(a.get(i).asText())) {
                    a.set(i, TextNode.valueOf(ids.get(a.get(i).asText())));
                    any = true;
                } else {
                    any |= replace(a.get(i), ids);
                }
            }
        }
        return any;
    }
}
