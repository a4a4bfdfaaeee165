package dev.leadflow.app;

import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.app.port.StoreException;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.handoff.HandoffParser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The hand-off configuration versions, parsed once each. Not thread-safe: owned by the {@link Handoff}. */
final class HandoffConfigs {

    private final Map<Long, HandoffJournal.Version> versions = new HashMap<>();
    private final Map<Long, HandoffConfig> parsed = new HashMap<>();
    private long latest;

    HandoffConfigs(List<HandoffJournal.Version> stored) {
        stored.forEach(this::add);
    }

    void add(HandoffJournal.Version v) {
        versions.put(v.version(), v);
        latest = Math.max(latest, v.version());
    }

    /** The latest version, if any was ever stored. */
    Optional<HandoffJournal.Version> latest() {
        return Optional.ofNullable(versions.get(latest));
    }

    long nextVersion() {
        return latest + 1;
    }

    HandoffConfig get(long version) {
        return parsed.computeIfAbsent(version, v -> {
            HandoffJournal.Version stored = versions.get(v);
            if (stored == null) {
                throw new StoreException(
                        "the hand-off journal names configuration version " + v
                                + ", which is not stored; was the database edited by hand?",
                        null);
            }
            return switch (new HandoffParser().parseStored(stored.yaml())) {
                case HandoffParser.Result.Valid valid -> valid.config();
                case HandoffParser.Result.Invalid invalid ->
                    throw new StoreException(
                            "stored hand-off configuration " + v + " no longer validates: "
                                    + invalid.errors().getFirst(),
                            null);
            };
        });
    }
}
