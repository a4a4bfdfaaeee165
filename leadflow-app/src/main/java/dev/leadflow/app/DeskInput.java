package dev.leadflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.lifecycle.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the hand-off {@link Desk} was told, one journal row each (table {@code handoff_journal}):
 * everything it decides follows from these and the configurations, so replaying the journal gives
 * the desk back exactly (owners, round-robin turns, queues, clocks, timers already fired). The
 * journal's compact form ({@link #json}) and its reader ({@link #parse}) are kept side by side in
 * this file, the one place that knows it; {@code DeskInputTest} reads every kind back.
 */
sealed interface DeskInput {

    long at();

    /** Gives the input to the desk; {@code configs} resolves a configuration version. */
    List<HandoffEvent> applyTo(Desk desk, HandoffConfigs configs);

    /** The input as the journal stores it. */
    String json();

    record Mql(
            String lead,
            long at,
            @Nullable String rule,
            @Nullable Long lastConversion,
            boolean handRaiser) implements DeskInput {
        @Override
        public List<HandoffEvent> applyTo(Desk desk, HandoffConfigs configs) {
            return desk.mql(
                    lead,
                    Optional.ofNullable(rule),
                    Instant.ofEpochMilli(at),
                    lastConversion == null ? null : Instant.ofEpochMilli(lastConversion),
                    handRaiser);
        }

        @Override
        public String json() {
            ObjectNode n = node("mql", lead, at);
            n.put("rule", rule);
            if (lastConversion != null) {
                n.put("conversion", lastConversion);
            }
            n.put("hand", handRaiser);
            return n.toString();
        }
    }

    record Accepted(String lead, long at) implements DeskInput {
        @Override
        public List<HandoffEvent> applyTo(Desk desk, HandoffConfigs configs) {
            return desk.accepted(lead, Instant.ofEpochMilli(at));
        }

        @Override
        public String json() {
            return node("accepted", lead, at).toString();
        }
    }

    record Touched(String lead, long at) implements DeskInput {
        @Override
        public List<HandoffEvent> applyTo(Desk desk, HandoffConfigs configs) {
            return desk.touched(lead, Instant.ofEpochMilli(at));
        }

        @Override
        public String json() {
            return node("touched", lead, at).toString();
        }
    }

    record Moved(
            String lead,
            long at,
            Stage to,
            @Nullable String reason,
            @Nullable String track) implements DeskInput {
        @Override
        public List<HandoffEvent> applyTo(Desk desk, HandoffConfigs configs) {
            return desk.moved(lead, to, reason, Optional.ofNullable(track), Instant.ofEpochMilli(at));
        }

        @Override
        public String json() {
            ObjectNode n = node("moved", lead, at);
            n.put("to", to.wireName());
            n.put("reason", reason);
            n.put("track", track);
            return n.toString();
        }
    }

    record Reassigned(String lead, long at, String member) implements DeskInput {
        @Override
        public List<HandoffEvent> applyTo(Desk desk, HandoffConfigs configs) {
            return desk.reassign(lead, member, Instant.ofEpochMilli(at)).stream()
                    .toList();
        }

        @Override
        public String json() {
            ObjectNode n = node("reassigned", lead, at);
            n.put("member", member);
            return n.toString();
        }
    }

    /** Lead {@code lead} merged into {@code into}, which took its lifecycle when {@code took}. */
    record Merged(String lead, long at, String into, boolean took) implements DeskInput {
        @Override
        public List<HandoffEvent> applyTo(Desk desk, HandoffConfigs configs) {
            return desk.merged(lead, into, took, Instant.ofEpochMilli(at));
        }

        @Override
        public String json() {
            ObjectNode n = node("merged", lead, at);
            n.put("into", into);
            n.put("took", took);
            return n.toString();
        }
    }

    record Configured(long at, long version) implements DeskInput {
        @Override
        public List<HandoffEvent> applyTo(Desk desk, HandoffConfigs configs) {
            return desk.configure(configs.get(version), Instant.ofEpochMilli(at));
        }

        @Override
        public String json() {
            ObjectNode n = node("configured", null, at);
            n.put("version", version);
            return n.toString();
        }
    }

    /** Time passed: the desk's timers due by {@code at} fired. */
    record Fired(long at) implements DeskInput {
        @Override
        public List<HandoffEvent> applyTo(Desk desk, HandoffConfigs configs) {
            return desk.fire(Instant.ofEpochMilli(at));
        }

        @Override
        public String json() {
            return node("fired", null, at).toString();
        }
    }

    private static ObjectNode node(String kind, @Nullable String lead, long at) {
        ObjectNode n = HandoffJson.JSON.createObjectNode();
        n.put("k", kind);
        if (lead != null) {
            n.put("lead", lead);
        }
        n.put("at", at);
        return n;
    }

    /** Reads a journal row; throws naming the row when it is not one this version wrote. */
    static DeskInput parse(long seq, String body) {
        try {
            JsonNode n = HandoffJson.JSON.readTree(body);
            String lead = n.path("lead").asText(null);
            long at = n.get("at").asLong();
            return switch (n.get("k").asText()) {
                case "mql" ->
                    new Mql(
                            lead,
                            at,
                            n.path("rule").isTextual() ? n.get("rule").asText() : null,
                            n.has("conversion") ? n.get("conversion").asLong() : null,
                            n.path("hand").asBoolean());
                case "accepted" -> new Accepted(lead, at);
                case "touched" -> new Touched(lead, at);
                case "moved" ->
                    new Moved(
                            lead,
                            at,
                            Stage.fromWire(n.get("to").asText()).orElseThrow(),
                            n.path("reason").isTextual() ? n.get("reason").asText() : null,
                            n.path("track").isTextual() ? n.get("track").asText() : null);
                case "reassigned" -> new Reassigned(lead, at, n.get("member").asText());
                case "merged" ->
                    new Merged(lead, at, n.get("into").asText(), n.get("took").asBoolean());
                case "configured" -> new Configured(at, n.get("version").asLong());
                case "fired" -> new Fired(at);
                default -> throw new IllegalArgumentException("unknown kind " + n.get("k"));
            };
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new dev.leadflow.app.port.StoreException(
                    "hand-off journal row " + seq + " cannot be read (" + e.getMessage()
                            + "); was the database edited by hand?",
                    e);
        }
    }
}
