package dev.leadflow.app.port;

import dev.leadflow.input.Input;
import java.util.Comparator;

/** A record as stored: its arrival number ({@code seq}, unique, increasing) and the record. */
public record StoredRecord(long seq, Input input) {

    /** Processing order: by timestamp, ties by arrival ({@code seq}), as {@code replay} orders a file. */
    public static final Comparator<StoredRecord> PROCESSING_ORDER = Comparator.comparingLong(
                    (StoredRecord r) -> r.input().epochMillis())
            .thenComparingLong(StoredRecord::seq);
}
