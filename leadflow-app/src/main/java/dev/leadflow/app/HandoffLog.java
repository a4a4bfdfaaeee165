package dev.leadflow.app;

import dev.leadflow.handoff.HandoffEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the hand-off did that the reports read, kept in memory as the desk does it (and as its
 * journal is replayed on start): every assignment, by lead too, and every SLA breach. Small:
 * about one entry per MQL. Not thread-safe: the caller ({@link Leads}) holds its lock.
 */
final class HandoffLog {

    private final List<HandoffEvent.Assigned> assignments = new ArrayList<>();
    private final List<HandoffEvent.SlaBreached> breaches = new ArrayList<>();
    private final Map<String, List<HandoffEvent.Assigned>> byLead = new HashMap<>();
    /** Leads whose assignments changed since {@link #drainChanged} (who held their cycles may differ). */
    private final Set<String> changed = new HashSet<>();

    /** Keeps what the reports need of what the desk did after {@code input}. */
    void heard(DeskInput input, List<HandoffEvent> events) {
        for (HandoffEvent e : events) {
            switch (e) {
                case HandoffEvent.Assigned a -> {
                    assignments.add(a);
                    byLead.computeIfAbsent(a.leadId(), k -> new ArrayList<>()).add(a);
                    changed.add(a.leadId());
                }
                case HandoffEvent.SlaBreached b when b.step() == 0 -> breaches.add(b);
                default -> {}
            }
        }
        if (input instanceof DeskInput.Merged m) {
            List<HandoffEvent.Assigned> moved = byLead.remove(m.lead());
            if (m.took() && moved != null) {
                byLead.put(m.into(), moved); // the merged lead's cycles are the ones these assignments served
            }
            changed.add(m.lead());
            changed.add(m.into());
        }
    }

    /** Gives each lead whose assignments changed since the last call to {@code to}, once. */
    void drainChanged(Consumer<String> to) {
        changed.forEach(to);
        changed.clear();
    }

    List<HandoffEvent.Assigned> assignments() {
        return Collections.unmodifiableList(assignments);
    }

    List<HandoffEvent.SlaBreached> breaches() {
        return Collections.unmodifiableList(breaches);
    }

    /** The last assignment of {@code leadId} at or after {@code from} and before {@code to}: who held that cycle. */
    Optional<HandoffEvent.Assigned> lastAssigned(String leadId, long from, long to) {
        List<HandoffEvent.Assigned> all = byLead.getOrDefault(leadId, List.of());
        for (int i = all.size() - 1; i >= 0; i--) {
            long at = all.get(i).at().toEpochMilli();
            if (at >= from && at < to) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }
}
