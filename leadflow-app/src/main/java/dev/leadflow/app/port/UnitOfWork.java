package dev.leadflow.app.port;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One write, as domain rows: the new records (numbered, duplicates left out) and the hand-off
 * journal, events, configuration version, merges and webhook deliveries they caused. Filled by the
 * application, then given whole to {@link RecordLog#commit}: the only place a write crosses the
 * storage port. Not thread-safe.
 */
public final class UnitOfWork {

    private final long firstSeq;
    private final Predicate<String> storedAlready;
    private final Set<String> inThisUnit = new HashSet<>();
    private final List<EncodedRecord> records = new ArrayList<>();
    private final List<StoredRecord> stored = new ArrayList<>();
    private final List<HandoffJournal.JournalRow> journal = new ArrayList<>();
    private final List<HandoffJournal.EventRow> events = new ArrayList<>();
    private final List<Map.Entry<String, String>> merges = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private HandoffJournal.@Nullable Version version;

    /** A unit whose first new record takes {@code firstSeq}; {@code storedAlready} tells a stored messageId. */
    public UnitOfWork(long firstSeq, Predicate<String> storedAlready) {
        this.firstSeq = firstSeq;
        this.storedAlready = storedAlready;
    }

    /** Numbers the records not stored yet (nor earlier in this unit), in order; returns the new ones. */
    public List<StoredRecord> append(List<EncodedRecord> more) {
        List<StoredRecord> added = new ArrayList<>(more.size());
        for (EncodedRecord r : more) {
            String id = r.input().messageId();
            if (!storedAlready.test(id) && inThisUnit.add(id)) {
                StoredRecord s = new StoredRecord(firstSeq + records.size(), r.input());
                records.add(r);
                stored.add(s);
                added.add(s);
            }
        }
        return added;
    }

    public void journal(HandoffJournal.JournalRow row) {
        journal.add(row);
    }

    public void event(HandoffJournal.EventRow row) {
        events.add(row);
    }

    /** The events of lead {@code from} are filed under {@code into} from now on (a merge). */
    public void merge(String from, String into) {
        merges.add(Map.entry(from, into));
    }

    public void delivery(Delivery d) {
        deliveries.add(d);
    }

    /** A new hand-off configuration version. */
    public void version(HandoffJournal.Version v) {
        version = v;
    }

    public long firstSeq() {
        return firstSeq;
    }

    /** The new records as encoded, in seq order. */
    public List<EncodedRecord> records() {
        return Collections.unmodifiableList(records);
    }

    /** The new records as numbered, in seq order. */
    public List<StoredRecord> stored() {
        return Collections.unmodifiableList(stored);
    }

    public List<HandoffJournal.JournalRow> journal() {
        return Collections.unmodifiableList(journal);
    }

    public List<HandoffJournal.EventRow> events() {
        return Collections.unmodifiableList(events);
    }

    /** Merges in order ({@code from → into}); a later one may move what an earlier one moved. */
    public List<Map.Entry<String, String>> merges() {
        return Collections.unmodifiableList(merges);
    }

    public List<Delivery> deliveries() {
        return Collections.unmodifiableList(deliveries);
    }

    public Optional<HandoffJournal.Version> version() {
        return Optional.ofNullable(version);
    }

    /** Whether there is nothing to store. */
    public boolean isEmpty() {
        return records.isEmpty()
                && journal.isEmpty()
                && events.isEmpty()
                && merges.isEmpty()
                && deliveries.isEmpty()
                && version == null;
    }
}
