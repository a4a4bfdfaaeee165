package dev.leadflow.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.List;

/** How every answer is written: JSON, and errors as {@code {"error": …, "details": […]}}. */
final class Answers {

    /**
     * The one mapper of every API answer: answers are DTO records, their components written in
     * snake_case ({@code publishedAt} as {@code published_at}); trees are written as built.
     */
    static final ObjectMapper JSON = dev.leadflow.adapter.json.Json.mapper()
            .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private Answers() {}

    private static final String ANSWERED = HttpServer.ANSWERED;

    /** Writes {@code body}, a DTO record or a tree, as the answer. */
    static void json(Context ctx, int status, Object body) {
        try {
            json(ctx, status, JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an answer of records and trees always writes", e);
        }
    }

    /**
     * Writes a JSON answer straight to the response (Javalin would copy a result through a buffer
     * of its own, garbage on every request).
     */
    static void json(Context ctx, int status, byte[] bytes) {
        ctx.attribute(ANSWERED, true);
        ctx.status(status).contentType("application/json");
        closeIfBodyUnread(ctx);
        ctx.res().setContentLength(bytes.length);
        try {
            ctx.res().getOutputStream().write(bytes);
            lingerIfBodyUnread(ctx);
        } catch (java.io.IOException e) {
            // the client went away: there is no one left to answer, and Jetty closes the connection
        }
    }

    /** The most of an unread body the server reads and drops after answering, before it closes. */
    static final long LINGER_LIMIT = 16L * 1024 * 1024;

    /**
     * After answering a request whose body was not read, sends the answer at once and then reads
     * and drops the rest of the body (up to {@link #LINGER_LIMIT}) before the connection closes.
     * Closing with bytes unread makes the operating system reset the connection, and a client still
     * sending its body then loses the answer already on its way ("header parser received no bytes"
     * in a client that reads only once it has sent everything).
     */
    private static void lingerIfBodyUnread(Context ctx) throws java.io.IOException {
        if (!bodyUnread(ctx)) {
            return;
        }
        ctx.res().flushBuffer();
        long declared = ctx.req().getContentLengthLong();
        if (declared > LINGER_LIMIT) {
            return;
        }
        ctx.req().getInputStream().skipNBytes(declared >= 0 ? declared : LINGER_LIMIT);
    }

    /** A text answer (e.g. CSV). */
    static void text(Context ctx, int status, String contentType, String text) {
        ctx.attribute(ANSWERED, true);
        closeIfBodyUnread(ctx);
        ctx.status(status).contentType(contentType).result(text);
    }

    /**
     * A request that came with a body nobody read to its end (refused as too large, or sent to a
     * route that takes none) leaves bytes on the wire: the server closes the connection after the
     * answer, and the answer says so, so that a client keeping connections alive does not send its
     * next request on it.
     */
    private static void closeIfBodyUnread(Context ctx) {
        if (bodyUnread(ctx)) {
            ctx.header("Connection", "close");
        }
    }

    /** Whether the request came with a body that nobody read to its end. */
    private static boolean bodyUnread(Context ctx) {
        boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.req().getHeader("Transfer-Encoding") != null;
        return hasBody && ctx.req().getAttribute(SegmentRequests.BODY_READ) == null;
    }

    /**
     * Reads and drops what is left of a refused request's body (up to the largest body any route
     * takes), so that the answer reaches a client still sending it rather than a closed connection.
     */
    static void drain(Context ctx) {
        try {
            ctx.req().getInputStream().skipNBytes(SegmentRequests.BATCH_LIMIT + 1); // more than any route takes
        } catch (java.io.EOFException e) {
            ctx.req().setAttribute(SegmentRequests.BODY_READ, true); // the body ended first: the usual case
        } catch (java.io.IOException | RuntimeException e) {
            // the client went away: the answer is written all the same
        }
    }

    static boolean answered(Context ctx) {
        return ctx.attribute(ANSWERED) != null;
    }

    /** Every error answer: what is wrong, and the details (items by index, configuration paths…). */
    record ErrorBody(String error, List<?> details) {}

    /** A configuration error at a path. */
    record PathError(String path, String message) {
        static List<PathError> of(List<dev.leadflow.model.ModelError> errors) {
            return errors.stream()
                    .map(e -> new PathError(e.path(), e.message()))
                    .toList();
        }
    }

    static void error(Context ctx, int status, String message) {
        error(ctx, status, message, List.of());
    }

    /** An error with its details (records such as {@link SegmentRequests.ItemError}, or texts). */
    static void error(Context ctx, int status, String message, List<?> details) {
        json(ctx, status, new ErrorBody(message, details));
    }
}
