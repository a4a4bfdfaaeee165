package dev.leadflow.adapter.http;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a request it refuses before Leadflow sees it: an ambiguous or badly encoded
 * URI, a malformed request line) answered like every other error: JSON, no stack trace. Jetty
 * closes the connection after them, so the answer says {@code Connection: close}: a client keeping
 * connections alive would otherwise send its next request on a closed one.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected boolean generateAcceptableResponse(
            Request request,
            Response response,
            Callback callback,
            String contentType,
            List<Charset> charsets,
            int code,
            String message,
            Throwable cause) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
        return true;
    }

    /** Deprecated in Jetty 12.1 but still what its HTTP parser calls for a malformed request. */
    @Override
    @SuppressWarnings("removal")
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        fields.put(new HttpField(HttpHeader.CONNECTION, "close"));
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int code, String message) {
        String status = HttpStatus.getMessage(code);
        String text = message == null || message.isBlank() || message.equalsIgnoreCase(status)
                ? status
                : status + ": " + message;
        try {
            return Answers.JSON.writeValueAsBytes(
                    new Answers.ErrorBody(text.toLowerCase(java.util.Locale.ROOT), java.util.List.of()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an error body always writes", e);
        }
    }
}
