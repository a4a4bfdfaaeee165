package dev.leadflow.app.port;

import dev.leadflow.input.Input;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The durable history: every record the server accepted, once per messageId, numbered in arrival
 * order, with the hand-off rows those records caused. The server's state is by definition a replay
 * of it. A write is one {@link UnitOfWork}: {@link #begin} numbers it after what is stored, the
 * caller fills it (no I/O meanwhile), {@link #commit} stores all of it in one transaction or none
 * of it. Writes are serialised by the callers (the application's one writer, and one writing
 * process per database); reads may run concurrently.
 */
public interface RecordLog {

    /**
     * A new unit of work: its records are numbered after the last stored one, and a messageId stored
     * already (or earlier in the unit) is left out as a duplicate. Only one unit may be open at a time.
     */
    UnitOfWork begin();

    /**
     * Stores everything in {@code unit}, in one durable transaction: when this returns it survives a
     * crash. Does nothing for an empty unit. Throws {@link StoreException} when it fails, saying
     * whether it may have been stored all the same.
     */
    void commit(UnitOfWork unit, long receivedAtMillis);

    /** Stores the records not stored yet, in one transaction; returns those stored (duplicates left out). */
    default List<StoredRecord> append(List<? extends Input> records, long receivedAtMillis) {
        return appendEncoded(records.stream().map(EncodedRecord::of).toList(), receivedAtMillis);
    }

    /** {@link #append}, with the records already encoded. */
    default List<StoredRecord> appendEncoded(List<EncodedRecord> records, long receivedAtMillis) {
        UnitOfWork unit = begin();
        unit.append(records);
        commit(unit, receivedAtMillis);
        return unit.stored();
    }

    /**
     * Every record stored when it starts, in processing order: by timestamp, then arrival. Does not
     * hold the writer: records committed meanwhile are left for {@link #forEachAfter}.
     */
    void forEachInProcessingOrder(Consumer<StoredRecord> action);

    /** Every stored record numbered after {@code seq}, in arrival order (by seq). */
    void forEachAfter(long seq, Consumer<StoredRecord> action);

    long count();

    /**
     * One person's erasure (docs/PRIVACY.md, "Erase"), stored in one transaction: the records
     * numbered {@code records}' keys replaced by their values; in the hand-off journal and events,
     * every text equal to a key of {@code ids} replaced by its pseudonym; the webhook deliveries
     * filed under a key of {@code leadIds} refiled under its pseudonym, their bodies dropped; the
     * audit entries naming such a lead renamed; {@code deliveries} (the {@code lead_erased}
     * notices) added. The storage then overwrites what it freed.
     */
    record Erasure(
            Map<Long, EncodedRecord> records,
            Map<String, String> ids,
            Map<String, String> leadIds,
            List<Delivery> deliveries) {
        public Erasure {
            records = Map.copyOf(records);
            ids = Map.copyOf(ids);
            leadIds = Map.copyOf(leadIds);
            deliveries = List.copyOf(deliveries);
        }
    }

    /** Stores {@code erasure} whole or not at all; throws {@link StoreException} when it fails. */
    default void erase(Erasure erasure) {
        throw new UnsupportedOperationException("this store cannot erase");
    }
}
