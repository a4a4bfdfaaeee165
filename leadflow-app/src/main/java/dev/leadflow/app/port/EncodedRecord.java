package dev.leadflow.app.port;

import dev.leadflow.input.Input;
import dev.leadflow.input.InputCodec;

/**
 * A record with its stored form (one JSON line of the replay format), encoded by the caller so
 * that the single writer does not have to: the server encodes on its request threads.
 */
public record EncodedRecord(Input input, String body) {

    private static final RecordWriter WRITER = new RecordWriter(new InputCodec());

    public static EncodedRecord of(Input input) {
        return new EncodedRecord(input, WRITER.write(input));
    }
}
