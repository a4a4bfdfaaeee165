package dev.leadflow.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * MQL expiry timers by due time, so that advancing time touches only the leads that are due.
 * Entries are added whenever a lead's timer is set and never removed in place: one whose lead is
 * gone, or whose timer has moved, is skipped when it comes up; the queue is rebuilt from the leads
 * when stale entries outnumber them. Not thread-safe.
 */
final class ExpiryQueue {

    private record Due(long at, Lead lead) {}

    private final LeadTable leads;
    private PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.comparingLong(Due::at));

    ExpiryQueue(LeadTable leads) {
        this.leads = leads;
    }

    /** Notes that {@code lead}'s timer is now due at {@code at}. */
    void schedule(Lead lead, long at) {
        queue.add(new Due(at, lead));
        if (queue.size() > 2 * leads.size() + 4096) {
            PriorityQueue<Due> live = new PriorityQueue<>(Comparator.comparingLong(Due::at));
            leads.forEachLead(l -> {
                if (l.nextExpiry() != Long.MAX_VALUE) {
                    live.add(new Due(l.nextExpiry(), l));
                }
            });
            queue = live;
        }
    }

    /** The leads whose timer is due at or before {@code atMillis}, in due order (ties by id). */
    List<Lead> due(long atMillis) {
        List<Lead> due = new ArrayList<>();
        Set<Lead> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!queue.isEmpty() && queue.peek().at() <= atMillis) {
            Lead lead = queue.poll().lead();
            if (lead.nextExpiry() <= atMillis && leads.get(lead.id) == lead && seen.add(lead)) {
                due.add(lead);
            }
        }
        due.sort(Comparator.comparingLong(Lead::nextExpiry).thenComparing(l -> l.id));
        return due;
    }
}
