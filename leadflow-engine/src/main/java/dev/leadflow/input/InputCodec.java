package dev.leadflow.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.lifecycle.Action;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes input records as Segment-spec JSON (plus {@code {"type":"lifecycle",…}} records).
 *
 * <p>Reading validates once, at the edge: a record is either a typed {@link Input} or a
 * {@link Parsed.Invalid} naming what is wrong. A record without {@code messageId} gets a stable
 * one derived from its content ({@code sha256:…}), so identical copies are deduplicated too.
 * Thread-safe.
 */
public final class InputCodec {

    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private static final String TYPES = "identify, track, page, group, alias, lifecycle";

    private static final int EVENT_NAME_CACHE = 10_000;

    private final ObjectMapper json = JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Raw event name → its snake_case form, one shared instance per name (names are few, events many). */
    private final Map<String, String> eventNames = new java.util.concurrent.ConcurrentHashMap<>();

    /** The result of reading one record. */
    public sealed interface Parsed {
        /** A valid record. */
        record Valid(Input input) implements Parsed {}

        /** An invalid record, with a message naming the field and the problem. */
        record Invalid(String message) implements Parsed {}
    }

    /** Reads one JSON text (a line of a JSON-lines file). */
    public Parsed parse(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String message = e.getOriginalMessage()
                    .replaceAll("\\s*\\(start marker at .*|\\s*at \\[Source.*", "")
                    .replaceAll("\\s+", " ");
            return new Parsed.Invalid(
                    "invalid JSON" + (loc == null ? "" : " at column " + loc.getColumnNr()) + ": " + message);
        }
        return parse(node, null);
    }

    /**
     * Reads one record already parsed as JSON. {@code defaultTimestamp} (may be null) is used when
     * the record has neither {@code timestamp} nor {@code originalTimestamp}.
     */
    public Parsed parse(JsonNode node, @Nullable Instant defaultTimestamp) {
        if (node == null || !node.isObject()) {
            return new Parsed.Invalid("a record must be a JSON object");
        }
        try {
            return new Parsed.Valid(read((ObjectNode) node, defaultTimestamp));
        } catch (BadRecord e) {
            return new Parsed.Invalid(String.valueOf(e.getMessage()));
        }
    }

    private Input read(ObjectNode n, @Nullable Instant defaultTimestamp) {
        String type = text(n, "type");
        if (type == null) {
            throw new BadRecord("missing 'type' (one of " + TYPES + ")");
        }
        String messageId = text(n, "messageId");
        if (messageId == null) {
            messageId = contentId(n);
        }
        Instant ts = timestamp(n, defaultTimestamp);
        String userId = text(n, "userId");
        String anonymousId = text(n, "anonymousId");
        switch (type) {
            case "identify", "track", "page", "group" -> {
                if (userId == null && anonymousId == null) {
                    throw new BadRecord("a " + type + " record needs 'userId' or 'anonymousId'");
                }
            }
            default -> {}
        }
        return switch (type) {
            case "identify" -> new Identify(messageId, ts, userId, anonymousId, flatten(object(n, "traits"), ""));
            case "track" -> {
                String event = text(n, "event");
                String name = event == null ? "" : eventName(event);
                if (name.isEmpty()) {
                    throw new BadRecord("a track record needs a non-empty 'event' name");
                }
                yield new Track(messageId, ts, userId, anonymousId, name, eventFields(n));
            }
            case "page" -> new Page(messageId, ts, userId, anonymousId, pageFields(n));
            case "group" -> {
                String groupId = text(n, "groupId");
                Map<String, Object> traits = new LinkedHashMap<>();
                if (groupId != null) {
                    traits.put("company.id", groupId);
                }
                flattenInto(object(n, "traits"), "company.", traits);
                yield new Group(messageId, ts, userId, anonymousId, groupId, Fields.of(traits));
            }
            case "alias" -> {
                String previousId = text(n, "previousId");
                if (userId == null || previousId == null) {
                    throw new BadRecord("an alias record needs 'userId' and 'previousId'");
                }
                yield new Alias(messageId, ts, userId, previousId);
            }
            case "lifecycle" -> lifecycle(n, messageId, ts, userId);
            default -> throw new BadRecord("unknown type '" + type + "' (expected one of " + TYPES + ")");
        };
    }

    private String eventName(String raw) {
        String name = eventNames.get(raw);
        if (name == null) {
            name = EventNames.snakeCase(raw).intern();
            if (eventNames.size() < EVENT_NAME_CACHE) {
                eventNames.put(raw, name);
            }
        }
        return name;
    }

    private LifecycleCommand lifecycle(ObjectNode n, String messageId, Instant ts, @Nullable String userId) {
        if (userId == null) {
            throw new BadRecord("a lifecycle record needs 'userId' (sales acts on known leads)");
        }
        String actionName = text(n, "action");
        if (actionName == null) {
            throw new BadRecord("a lifecycle record needs 'action' (one of " + Action.wireNames() + ")");
        }
        Action action = Action.fromWire(actionName)
                .orElseThrow(() -> new BadRecord(
                        "unknown action '" + actionName + "' (expected one of " + Action.wireNames() + ")"));
        Double amount = null;
        JsonNode amountNode = n.get("amount");
        if (amountNode != null && !amountNode.isNull()) {
            if (!amountNode.isNumber()) {
                throw new BadRecord("'amount' must be a number");
            }
            amount = amountNode.doubleValue();
        }
        String actor = text(n, "actor");
        return new LifecycleCommand(
                messageId,
                ts,
                userId,
                action,
                text(n, "reason"),
                text(n, "note"),
                actor == null ? "sales" : actor,
                amount);
    }

    private static Fields eventFields(ObjectNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        flattenInto(object(n, "properties"), "", out);
        flattenInto(object(n, "context"), "context.", out);
        return Fields.of(out);
    }

    private static Fields pageFields(ObjectNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        flattenInto(object(n, "properties"), "", out);
        String name = text(n, "name");
        if (name != null) {
            out.putIfAbsent("name", name);
        }
        String category = text(n, "category");
        if (category != null) {
            out.putIfAbsent("category", category);
        }
        flattenInto(object(n, "context"), "context.", out);
        return Fields.of(out);
    }

    private static Instant timestamp(ObjectNode n, @Nullable Instant fallback) {
        for (String field : new String[] {"timestamp", "originalTimestamp"}) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isTextual()) {
                throw new BadRecord("'" + field + "' must be an ISO-8601 string such as 2026-01-05T10:00:00Z");
            }
            try {
                Instant parsed = Timestamps.parse(v.asText()).truncatedTo(ChronoUnit.MILLIS);
                if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
                    throw new BadRecord("'" + field + "' is out of range: " + v.asText() + " (years 1900 to 9999)");
                }
                return parsed;
            } catch (DateTimeParseException e) {
                throw new BadRecord("'" + field + "' is not an ISO-8601 time with offset: '" + v.asText()
                        + "' (e.g. 2026-01-05T10:00:00Z)");
            }
        }
        if (fallback != null) {
            return fallback.truncatedTo(ChronoUnit.MILLIS);
        }
        throw new BadRecord("missing 'timestamp'");
    }

    private static @Nullable String text(ObjectNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText().isBlank() ? null : v.asText();
        }
        if (v.isNumber()) {
            return v.asText();
        }
        throw new BadRecord("'" + field + "' must be a string");
    }

    private static @Nullable ObjectNode object(ObjectNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new BadRecord("'" + field + "' must be an object");
        }
        return (ObjectNode) v;
    }

    private static Fields flatten(@Nullable ObjectNode node, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        flattenInto(node, prefix, out);
        return Fields.of(out);
    }

    private static void flattenInto(@Nullable ObjectNode node, String prefix, Map<String, Object> out) {
        if (node == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + e.getKey(); // keeps Jackson's interned name
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flattenInto((ObjectNode) v, key + ".", out);
            } else if (v.isArray()) {
                List<Object> items = new ArrayList<>(v.size());
                for (JsonNode item : v) {
                    Object scalar = scalar(item);
                    if (scalar != null) {
                        items.add(scalar);
                    }
                }
                out.put(key, List.copyOf(items));
            } else {
                Object scalar = scalar(v);
                if (scalar != null) {
                    out.put(key, scalar);
                }
            }
        }
    }

    private static @Nullable Object scalar(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isContainerNode()) {
            return v.toString();
        }
        return null;
    }

    private static String contentId(ObjectNode n) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(n.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    // ---------------------------------------------------------------- writing

    /** Writes a record as one line of JSON, readable back by {@link #parse(String)} to an equal record. */
    public String write(Input input) {
        ObjectNode n = json.createObjectNode();
        n.put("type", input.type());
        n.put("messageId", input.messageId());
        n.put("timestamp", Timestamps.format(input.timestamp()));
        if (input.userId() != null) {
            n.put("userId", input.userId());
        }
        if (input.anonymousId() != null) {
            n.put("anonymousId", input.anonymousId());
        }
        switch (input) {
            case Identify i -> n.set("traits", nest(i.traits(), ""));
            case Track t -> {
                n.put("event", t.name());
                writeEventFields(n, t.properties());
            }
            case Page p -> writeEventFields(n, p.properties());
            case Group g -> {
                if (g.groupId() != null) {
                    n.put("groupId", g.groupId());
                }
                n.set("traits", nest(g.traits(), "company."));
            }
            case Alias a -> n.put("previousId", a.previousId());
            case LifecycleCommand c -> {
                n.put("action", c.action().wireName());
                if (c.reason() != null) {
                    n.put("reason", c.reason());
                }
                if (c.note() != null) {
                    n.put("note", c.note());
                }
                n.put("actor", c.actor());
                if (c.amount() != null) {
                    n.put("amount", c.amount());
                }
            }
        }
        return n.toString();
    }

    private void writeEventFields(ObjectNode n, Fields fields) {
        Map<String, Object> props = new LinkedHashMap<>();
        Map<String, Object> context = new LinkedHashMap<>();
        fields.asMap().forEach((k, v) -> {
            if (k.startsWith("context.")) {
                context.put(k.substring("context.".length()), v);
            } else {
                props.put(k, v);
            }
        });
        n.set("properties", nest(Fields.of(props), ""));
        if (!context.isEmpty()) {
            n.set("context", nest(Fields.of(context), ""));
        }
    }

    private ObjectNode nest(Fields fields, String stripPrefix) {
        ObjectNode root = json.createObjectNode();
        fields.asMap().forEach((key, value) -> {
            String k = key.startsWith(stripPrefix) ? key.substring(stripPrefix.length()) : key;
            String[] parts = k.split("\\.", -1);
            ObjectNode at = root;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = at.get(parts[i]);
                at = child instanceof ObjectNode o ? o : at.putObject(parts[i]);
            }
            String leaf = parts[parts.length - 1];
            switch (value) {
                case String s -> at.put(leaf, s);
                case Double d -> at.put(leaf, d);
                case Boolean b -> at.put(leaf, b);
                case List<?> list -> {
                    ArrayNode arr = at.putArray(leaf);
                    for (Object item : list) {
                        switch (item) {
                            case String s -> arr.add(s);
                            case Double d -> arr.add(d);
                            case Boolean b -> arr.add(b);
                            default -> arr.add(String.valueOf(item));
                        }
                    }
                }
                default -> at.put(leaf, String.valueOf(value));
            }
        });
        return root;
    }

    private static final class BadRecord extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRecord(String message) {
            super(message, null, false, false);
        }
    }
}
