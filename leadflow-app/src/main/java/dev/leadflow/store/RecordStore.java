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
    default List<StoredRecord> appendEncoded(List<EncodedRecord> records, long receivedAtMillis) {
        return appendEncoded(records, receivedAtMillis, Work.NONE);
    }

    /**
     * {@link #appendEncoded(List, long)}, doing {@code work} inside the same transaction, after the
     * new records are numbered and before anything commits: the work may append more records and
     * write rows of its own, which commit with the records or not at all. Runs even when every
     * record is a duplicate (or none is given); no transaction is written when nothing is.
     * Returns every record stored, the work's included, in seq order.
     */
    List<StoredRecord> appendEncoded(List<EncodedRecord> records, long receivedAtMillis, Work work);

    /** Work inside an append's transaction. */
    @FunctionalInterface
    interface Work {
        Work NONE = (stored, tx) -> {};

        /** {@code stored}: the new records, numbered but not committed. */
        void run(List<StoredRecord> stored, Transaction tx) throws java.sql.SQLException;
    }

    /** An append's open transaction. */
    interface Transaction {
        /** Numbers more records (duplicates left out) to be stored with the others; returns the new ones. */
        List<StoredRecord> append(List<EncodedRecord> records);

        /** Adds rows of the caller's: {@code writer} runs on the transaction's connection before it commits. */
        void write(SqlWork writer);
    }

    /** Statements on the append's connection. */
    @FunctionalInterface
    interface SqlWork {
        void run(java.sql.Connection c) throws java.sql.SQLException;
    }

    /** Every stored record in processing order: by timestamp, then arrival. */
    void forEachInProcessingOrder(Consumer<StoredRecord> action);

    long count();
}
