package dev.leadflow.store;

import dev.leadflow.input.Input;
import java.util.List;
import java.util.function.Consumer;

/**
 * The durable history: every record the server accepted, once per messageId, numbered in arrival
 * order. The server's state is by definition a replay of it. Appends are serialised by the
 * callers (the server's {@code LiveLeads}, and one writing process per database); reads may run
 * concurrently.
 */
public interface RecordStore {

    /**
     * Stores the records whose messageId is not stored yet, in one durable transaction, numbered
     * in list order; returns those stored (a later copy of a messageId in the same list, like one
     * stored before, is a duplicate and left out). When this returns, the records survive a crash.
     */
    default List<StoredRecord> append(List<? extends Input> records, long receivedAtMillis) {
        return appendEncoded(records.stream().map(EncodedRecord::of).toList(), receivedAtMillis);
    }

    /** {@link #append}, with the records already encoded. */
    List<StoredRecord> appendEncoded(List<EncodedRecord> records, long receivedAtMillis);

    /** Every stored record in processing order: by timestamp, then arrival. */
    void forEachInProcessingOrder(Consumer<StoredRecord> action);

    long count();
}
