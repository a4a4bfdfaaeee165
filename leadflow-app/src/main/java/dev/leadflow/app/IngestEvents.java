package dev.leadflow.app;

import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.engine.Outcome;
import dev.leadflow.input.Input;
import java.util.ArrayList;
import java.util.List;

/** A website, a CRM or an import sends events: they are stored durably once each and applied. */
public final class IngestEvents {

    /** What a batch did: the records stored (new), and those left out as duplicates. */
    public record Ingested(int stored, int duplicates) {}

    private final Leads leads;

    IngestEvents(Leads leads) {
        this.leads = leads;
    }

    /**
     * Stores the records (durably: when this returns they survive a crash) and applies the new ones.
     * The store failing throws {@link dev.leadflow.app.port.StoreException}; the records may have
     * been stored all the same, so a client retries (a repeated messageId is ignored).
     */
    public Ingested ingest(List<? extends Input> records, long receivedAtMillis) {
        return ingestEncoded(records.stream().map(EncodedRecord::of).toList(), receivedAtMillis);
    }

    /** {@link #ingest}, with the records already encoded for the store. */
    public Ingested ingestEncoded(List<EncodedRecord> records, long receivedAtMillis) {
        return leads.serially(() -> {
            List<Outcome> outcomes = new ArrayList<>(records.size());
            leads.write(records, receivedAtMillis, outcomes, null);
            return new Ingested(outcomes.size(), records.size() - outcomes.size());
        });
    }
}
