package dev.leadflow.app.port;

import java.util.List;
import java.util.function.Consumer;

/**
 * What the hand-off desk left behind, read back: its configuration versions, its journal (what it
 * was told, replayed at start) and its events per lead. The rows are written by
 * {@link RecordLog#commit}, in the transaction of the records that caused them.
 */
public interface HandoffJournal {

    /** A hand-off configuration as stored. */
    record Version(long version, String yaml, long createdAt, String createdBy) {}

    /** A journal row: what the desk was told, as JSON. */
    record JournalRow(long seq, long at, String body) {}

    /** An event row: what the desk did to a lead, as JSON. */
    record EventRow(long seq, String leadId, long at, String type, String body) {}

    /** A journal with nothing in it: a server without a hand-off. */
    HandoffJournal EMPTY = new HandoffJournal() {
        @Override
        public List<Version> versions() {
            return List.of();
        }

        @Override
        public void forEachJournalRow(Consumer<JournalRow> action) {}

        @Override
        public long lastEventSeq() {
            return 0;
        }

        @Override
        public List<EventRow> events(String leadId) {
            return List.of();
        }
    };

    /** Every configuration version, oldest first. */
    List<Version> versions();

    /** Every journal row, in order, to {@code action}. */
    void forEachJournalRow(Consumer<JournalRow> action);

    /** The last event seq (0 when none). */
    long lastEventSeq();

    /** A lead's events, oldest first. */
    List<EventRow> events(String leadId);
}
