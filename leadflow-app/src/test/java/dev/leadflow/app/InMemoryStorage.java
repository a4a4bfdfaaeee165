package dev.leadflow.app;

import dev.leadflow.app.port.Delivery;
import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.app.port.RecordLog;
import dev.leadflow.app.port.StoreException;
import dev.leadflow.app.port.StoredRecord;
import dev.leadflow.app.port.UnitOfWork;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Storage in memory, behind the application's ports: the record log and the hand-off journal,
 * with the same contract as the database (the storage contract suite runs on
 * both). A unit of work commits whole or not at all; {@link #failNextCommit} makes the next one
 * refused, to test what the application does then. Thread-safe.
 */
public class InMemoryStorage implements RecordLog, HandoffJournal {

    private final List<StoredRecord> records = new ArrayList<>();
    private final Set<String> messageIds = new HashSet<>();
    private final List<Version> versions = new ArrayList<>();
    private final List<JournalRow> journal = new ArrayList<>();
    private final List<EventRow> events = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private boolean failNext;

    /** The next commit is refused, nothing of it stored. */
    public synchronized void failNextCommit() {
        failNext = true;
    }

    @Override
    public synchronized UnitOfWork begin() {
        Set<String> stored = Set.copyOf(messageIds);
        return new UnitOfWork(records.size() + 1, stored::contains);
    }

    @Override
    public synchronized void commit(UnitOfWork unit, long receivedAtMillis) {
        if (unit.isEmpty()) {
            return;
        }
        if (unit.firstSeq() != records.size() + 1) {
            throw new IllegalStateException("a unit numbered from " + unit.firstSeq() + " after record "
                    + records.size() + ": another unit committed meanwhile");
        }
        if (failNext) {
            failNext = false;
            throw new StoreException("the commit was refused (test)", null, false);
        }
        for (StoredRecord r : unit.stored()) {
            if (!messageIds.add(r.input().messageId())) {
                throw new IllegalStateException("messageId " + r.input().messageId() + " stored twice");
            }
            records.add(r);
        }
        unit.version().ifPresent(versions::add);
        journal.addAll(unit.journal());
        events.addAll(unit.events());
        for (Map.Entry<String, String> m : unit.merges()) {
            events.replaceAll(e -> e.leadId().equals(m.getKey())
                    ? new EventRow(e.seq(), m.getValue(), e.at(), e.type(), e.body())
                    : e);
        }
        deliveries.addAll(unit.deliveries());
    }

    @Override
    public void forEachInProcessingOrder(Consumer<StoredRecord> action) {
        List<StoredRecord> all;
        synchronized (this) {
            all = new ArrayList<>(records);
        }
        all.sort(StoredRecord.PROCESSING_ORDER);
        all.forEach(action);
    }

    @Override
    public void forEachAfter(long seq, Consumer<StoredRecord> action) {
        List<StoredRecord> later;
        synchronized (this) {
            later = records.stream().filter(r -> r.seq() > seq).toList();
        }
        later.forEach(action);
    }

    @Override
    public synchronized long count() {
        return records.size();
    }

    // ------------------------------------------------------------------ hand-off journal

    @Override
    public synchronized List<Version> versions() {
        return List.copyOf(versions);
    }

    @Override
    public synchronized void forEachJournalRow(Consumer<JournalRow> action) {
        List.copyOf(journal).forEach(action);
    }

    @Override
    public synchronized long lastEventSeq() {
        return events.stream().mapToLong(EventRow::seq).max().orElse(0);
    }

    @Override
    public synchronized List<EventRow> events(String leadId) {
        return events.stream().filter(e -> e.leadId().equals(leadId)).toList();
    }

    /** Every webhook delivery added, in order. */
    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }
}
