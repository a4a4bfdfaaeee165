package dev.leadflow.app;

import dev.leadflow.app.port.StoredRecord;
import dev.leadflow.engine.Engine;
import dev.leadflow.input.Alias;
import dev.leadflow.input.Input;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every stored record by the identity keys it names (userId, anonymousId, alias previousId), so
 * that a late record's identity component is found in memory rather than through indexes the
 * store would have to keep up on every insert. The records are the objects the engine holds; this
 * adds a {@link StoredRecord} per record, a reference per key it names, and a list per key. The
 * keys are those of {@link Engine#identityKeys}, listed here without building a set per record.
 * Not thread-safe.
 */
final class IdentityIndex {

    private final Map<String, List<StoredRecord>> byKey = new HashMap<>();

    void add(StoredRecord record) {
        Input input = record.input();
        add(input.userId(), record);
        if (input.anonymousId() != null && !input.anonymousId().equals(input.userId())) {
            add(input.anonymousId(), record);
        }
        if (input instanceof Alias a) {
            add(a.previousId(), record);
        }
    }

    private void add(@Nullable String key, StoredRecord record) {
        if (key != null) {
            byKey.computeIfAbsent(key, k -> new ArrayList<>(2)).add(record);
        }
    }

    /**
     * The identity component of {@code keys}: every record reachable from them through shared keys,
     * in processing order (timestamp, then seq). {@code keys} grows to every key those records name.
     */
    List<StoredRecord> component(Set<String> keys) {
        ArrayDeque<String> pending = new ArrayDeque<>(keys);
        Set<StoredRecord> found = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            for (StoredRecord r : byKey.getOrDefault(pending.poll(), List.of())) {
                if (found.add(r)) {
                    for (String key : Engine.identityKeys(r.input())) {
                        if (keys.add(key)) {
                            pending.add(key);
                        }
                    }
                }
            }
        }
        List<StoredRecord> ordered = new ArrayList<>(found);
        ordered.sort(StoredRecord.PROCESSING_ORDER);
        return ordered;
    }
}
