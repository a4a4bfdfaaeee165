package dev.leadflow.adapter.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.input.Input;
import dev.leadflow.input.InputCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads Segment tracking API requests (single calls and batches) into records, item by item: a
 * bad item is reported with its index and the good ones are kept. Applies Segment's limits
 * (32 KB per event, 500 KB per batch) and its clock-skew correction: when a request says when it
 * was sent ({@code sentAt}), every client timestamp in it is moved by (received − sent), so a
 * device whose clock is wrong still gets its events placed at the right server time. Thread-safe.
 */
final class SegmentRequests {

    static final int EVENT_LIMIT = 32 * 1024;
    static final int BATCH_LIMIT = 500 * 1024;
    /**
     * How far ahead of the server's clock an event may be dated (after the sentAt correction): a
     * future event would score more than it is worth until its time came.
     */
    static final Duration MAX_AHEAD = Duration.ofHours(24);

    static final java.util.Set<String> SEGMENT_TYPES = java.util.Set.of("identify", "track", "page", "group", "alias");

    private final ObjectMapper json = dev.leadflow.adapter.json.Json.mapper().build();
    private final InputCodec codec = new InputCodec();

    /** The whole request is unusable: answer its status (400 unless said) with this message. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String message;

        BadRequest(String message) {
            this(400, message);
        }

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }

        int status() {
            return status;
        }
    }

    /**
     * The client closed the connection before its body ended: nobody is left to answer, and the
     * server did nothing wrong. {@link HttpServer} logs it in one line.
     */
    static final class ClientGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClientGone(String message) {
            super(message, null, false, false);
        }
    }

    /** One refused item of a request. */
    record ItemError(int index, String message) {}

    /** The records read, and the items refused. */
    record Parsed(List<Input> records, List<ItemError> errors) {}

    /**
     * The request attribute set once a body has been read to its end. An answer to a request whose
     * body was not (refused as too large, or by a route that takes none) says
     * {@code Connection: close} ({@link Answers}): the server cannot read another request after it.
     */
    static final String BODY_READ = "leadflow.bodyRead";

    /**
     * Reads a request's body, at most {@code limit} bytes, or refuses it as too large, naming the
     * limit ({@code whose}, e.g. "the Segment limit"). A declared length (Content-Length) within the
     * limit is read into an array of exactly that size. A gzip body ({@code Content-Encoding: gzip},
     * as server-side Segment libraries may send) is inflated, and the limit applies to what it
     * inflates to; any other encoding but {@code identity} is a 415.
     *
     * @throws ClientGone when the client hangs up before the body's end
     */
    static byte[] readBody(jakarta.servlet.http.HttpServletRequest request, int limit, String what, String whose)
            throws BadRequest {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(what, limit, whose);
        }
        boolean gzip = gzip(request.getHeader("Content-Encoding"));
        byte[] body;
        try {
            body = readRaw(request.getInputStream(), declared, limit, what, whose);
        } catch (IOException e) {
            throw new ClientGone(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        request.setAttribute(BODY_READ, true);
        return gzip ? inflate(body, limit, what, whose) : body;
    }

    private static boolean gzip(String encoding) throws BadRequest {
        if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) {
            return false;
        }
        if (encoding.strip().equalsIgnoreCase("gzip") || encoding.strip().equalsIgnoreCase("x-gzip")) {
            return true;
        }
        throw new BadRequest(415, "Content-Encoding '" + encoding + "' is not supported: send the body as is, or gzip");
    }

    private static byte[] readRaw(InputStream in, long declared, int limit, String what, String whose)
            throws IOException, BadRequest {
        if (declared >= 0) {
            byte[] body = new byte[(int) declared];
            int read = in.readNBytes(body, 0, body.length);
            return read == body.length ? body : Arrays.copyOf(body, read);
        }
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            throw tooLarge(what, limit, whose);
        }
        return body;
    }

    private static byte[] inflate(byte[] gzipped, int limit, String what, String whose) throws BadRequest {
        byte[] body;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            body = in.readNBytes(limit + 1);
        } catch (IOException e) {
            throw new BadRequest("the body says Content-Encoding: gzip but is not valid gzip (" + e.getMessage() + ")");
        }
        if (body.length > limit) {
            throw new BadRequest(what + " is larger than " + limit / 1024 + " KB once inflated, " + whose);
        }
        return body;
    }

    private static BadRequest tooLarge(String what, int limit, String whose) {
        return new BadRequest(what + " is larger than " + limit / 1024 + " KB, " + whose);
    }

    /**
     * A request body: its JSON object, and the size in bytes, as sent, of each item of its
     * {@code batch} array (none when it has no such array).
     */
    @SuppressWarnings("ArrayRecordComponent") // read once where it is made, never compared
    record Body(ObjectNode node, int[] itemSizes) {}

    /** Reads a request body: a JSON object, or a message saying what it is instead. */
    Body body(byte[] body) throws BadRequest {
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest("the body must be a JSON object");
            }
            ObjectNode root = json.createObjectNode();
            int[] sizes = new int[0];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() == JsonToken.START_ARRAY && "batch".equals(name)) {
                    ArrayNode items = root.putArray(name);
                    sizes = new int[16];
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        long start = p.currentTokenLocation().getByteOffset();
                        items.add(json.<JsonNode>readTree(p));
                        sizes = items.size() > sizes.length ? Arrays.copyOf(sizes, sizes.length * 2) : sizes;
                        sizes[items.size() - 1] = (int) (p.currentLocation().getByteOffset() - start);
                    }
                    sizes = Arrays.copyOf(sizes, items.size());
                } else {
                    root.set(name, json.<JsonNode>readTree(p));
                }
            }
            if (p.nextToken() != null) {
                throw new BadRequest("the body is not valid JSON: trailing content after the object");
            }
            return new Body(root, sizes);
        } catch (IOException e) {
            throw notJson("the body", e);
        }
    }

    /**
     * The write key a body carries, if any: Segment's libraries may send it as {@code writeKey}
     * in the body rather than as the HTTP Basic user name.
     */
    static @Nullable String writeKey(Body request) {
        ObjectNode body = request.node();
        JsonNode key = body.get("writeKey");
        return key != null && key.isTextual() ? key.asText() : null;
    }

    /** A single call ({@code /v1/track} …): its type is the endpoint's. */
    Parsed single(String type, Body body, Instant receivedAt) {
        ObjectNode event = body.node();
        event.remove("writeKey");
        event.put("type", type);
        List<Input> records = new ArrayList<>(1);
        List<ItemError> errors = new ArrayList<>(0);
        read(event, 0, 0, null, receivedAt, records, errors); // the body is within the limit of an event
        return new Parsed(records, errors);
    }

    /** A batch ({@code /v1/batch}, {@code /v1/import}): {@code {"batch":[…], "sentAt":…}}. */
    Parsed batch(Body body, Instant receivedAt) throws BadRequest {
        ObjectNode request = body.node();
        JsonNode batch = request.get("batch");
        if (batch == null || !batch.isArray()) {
            throw new BadRequest("batch: expected an array of events, as {\"batch\": [{\"type\": \"track\", …}]}");
        }
        Instant sentAt = sentAt(request);
        List<Input> records = new ArrayList<>(batch.size());
        List<ItemError> errors = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode item = batch.get(i);
            if (!(item instanceof ObjectNode event)) {
                errors.add(new ItemError(
                        i,
                        "expected an event object, got "
                                + item.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
                continue;
            }
            read(event, body.itemSizes()[i], i, sentAt, receivedAt, records, errors);
        }
        return new Parsed(records, errors);
    }

    private void read(
            ObjectNode event,
            int size,
            int index,
            @Nullable Instant batchSentAt,
            Instant receivedAt,
            List<Input> records,
            List<ItemError> errors) {
        if (size > EVENT_LIMIT) {
            errors.add(new ItemError(index, "event is " + size + " bytes; the limit is " + EVENT_LIMIT));
            return;
        }
        JsonNode type = event.get("type");
        if (type != null && type.isTextual() && !SEGMENT_TYPES.contains(type.asText())) {
            errors.add(new ItemError(
                    index,
                    "type: '" + type.asText() + "' is not a Segment call (identify, track, page, "
                            + "group, alias)"
                            + ("lifecycle".equals(type.asText())
                                    ? "; sales actions go through POST /api/leads/{id}/actions with an act key"
                                    : "")));
            return;
        }
        Instant sentAt = event.has("sentAt") ? sentAt(event) : batchSentAt;
        if (sentAt != null) {
            correctClock(event, Duration.between(sentAt, receivedAt));
        }
        switch (codec.parse(event, receivedAt)) {
            case InputCodec.Parsed.Valid v
            when v.input().timestamp().isAfter(receivedAt.plus(MAX_AHEAD)) ->
                errors.add(new ItemError(
                        index,
                        "timestamp: " + v.input().timestamp() + " is more than " + MAX_AHEAD.toHours()
                                + " h ahead of the server's clock (" + receivedAt + ")"));
            case InputCodec.Parsed.Valid v
            when erasedId(v.input()) != null ->
                errors.add(new ItemError(
                        index,
                        erasedId(v.input()) + ": ids starting with 'erased:' name erased people (docs/PRIVACY.md);"
                                + " they take no new records"));
            case InputCodec.Parsed.Valid v -> records.add(v.input());
            case InputCodec.Parsed.Invalid bad -> errors.add(new ItemError(index, bad.message()));
        }
    }

    /** Which of the record's ids names an erased person, if one does: {@code userId}, {@code anonymousId} or {@code previousId}. */
    private static @Nullable String erasedId(dev.leadflow.input.Input in) {
        if (in.userId() != null && dev.leadflow.app.ErasePerson.erased(in.userId())) {
            return "userId";
        }
        if (in.anonymousId() != null && dev.leadflow.app.ErasePerson.erased(in.anonymousId())) {
            return "anonymousId";
        }
        if (in instanceof dev.leadflow.input.Alias a && dev.leadflow.app.ErasePerson.erased(a.previousId())) {
            return "previousId";
        }
        return null;
    }

    /** Moves the client's timestamp by the skew between its clock and ours. */
    private static void correctClock(ObjectNode event, Duration skew) {
        for (String field : new String[] {"timestamp", "originalTimestamp"}) {
            JsonNode value = event.get(field);
            if (value != null && value.isTextual()) {
                Instant at = instant(value.asText());
                if (at != null) {
                    try {
                        event.put(field, dev.leadflow.input.Timestamps.format(at.plus(skew)));
                    } catch (java.time.DateTimeException e) {
                        event.put(field, "out of range after the sentAt correction: " + value.asText());
                    }
                }
                return;
            }
        }
    }

    private static @Nullable Instant sentAt(ObjectNode node) {
        JsonNode value = node.get("sentAt");
        return value != null && value.isTextual() ? instant(value.asText()) : null;
    }

    private static @Nullable Instant instant(String text) {
        try {
            return dev.leadflow.input.Timestamps.parse(text);
        } catch (DateTimeParseException e) {
            return null; // left as sent: the record's own validation names the bad timestamp
        }
    }

    private static BadRequest notJson(String what, IOException e) {
        String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        return new BadRequest(
                what + " is not valid JSON: " + String.valueOf(message).replaceAll("\\s+", " "));
    }
}
