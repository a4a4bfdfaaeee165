package dev.leadflow.engine;

import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.LifecycleState;
import dev.leadflow.model.Model;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Identity resolution: which lead a userId or anonymousId belongs to. An anonymous history joins
 * the userId that identifies it; {@code alias} and such joins merge two leads; a shared device's
 * cookie moves to its newest user while past histories stay apart. Not thread-safe.
 */
final class Identities {

    private final Model model;
    private final AppliedRecords applied;
    private final LeadTable leads = new LeadTable();
    private final LeadTable anonymousToLead = new LeadTable();
    /** userIds and alias ids that now name another lead. */
    private final Map<String, String> aliases = new HashMap<>();

    /** Told of each merge: the source lead's id, the target's, and whether the target took the source's lifecycle. */
    @FunctionalInterface
    interface Merges {
        void merged(String sourceId, String targetId, boolean tookSourceLifecycle);
    }

    private final Merges merges;
    /** The engine's lanes besides lane 0 (see {@link AutomaticMoves}). */
    private final int extraLanes;

    Identities(Model model, AppliedRecords applied, Merges merges, int extraLanes) {
        this.model = model;
        this.applied = applied;
        this.merges = merges;
        this.extraLanes = extraLanes;
    }

    LeadTable leads() {
        return leads;
    }

    @Nullable
    Lead lead(String leadId) {
        return leads.get(leadId);
    }

    /** The lead a userId (through aliases) or anonymousId belongs to, or null. */
    @Nullable
    Lead byUserId(String userId) {
        return leads.get(canonical(userId));
    }

    @Nullable
    Lead byAnonymousId(String anonymousId) {
        return anonymousToLead.get(anonymousId);
    }

    /** The lead an alias's previousId names: a (possibly merged) userId, else an anonymousId. */
    @Nullable
    Lead byAnyId(String id) {
        Lead lead = byUserId(id);
        return lead != null ? lead : byAnonymousId(id);
    }

    /**
     * The lead a record is addressed to, if it exists, without changing anything: by userId (through
     * aliases) when the record has one, else by anonymousId.
     */
    @Nullable
    Lead existing(Input input) {
        if (input.userId() != null) {
            return byUserId(input.userId());
        }
        return input.anonymousId() == null ? null : anonymousToLead.get(input.anonymousId());
    }

    /** Finds or creates the lead of an event record, joining an anonymous history to its userId. */
    Lead resolve(@Nullable Lead existing, Input input) {
        String anonymousId = input.anonymousId();
        if (input.userId() == null) {
            if (existing != null) {
                return existing;
            }
            String cookie =
                    java.util.Objects.requireNonNull(anonymousId, "a record without a userId has an anonymousId");
            Lead lead = new Lead(Engine.ANONYMOUS_PREFIX + cookie, null, model, extraLanes);
            leads.put(lead.id, lead);
            claim(cookie, lead);
            return lead;
        }
        Lead lead = existing != null ? existing : known(input.userId());
        if (anonymousId != null) {
            Lead previous = anonymousToLead.get(anonymousId);
            if (previous == null) {
                claim(anonymousId, lead);
            } else if (previous != lead) {
                if (previous.userId == null) {
                    merge(previous, lead);
                } else {
                    // a shared device: the cookie now belongs to this user; past histories stay apart
                    claim(anonymousId, lead);
                }
            }
        }
        return lead;
    }

    /** The lead of a userId, created if it does not exist. */
    Lead known(String userId) {
        String id = canonical(userId);
        Lead lead = leads.get(id);
        if (lead == null) {
            lead = new Lead(id, id, model, extraLanes);
            leads.put(id, lead);
        }
        return lead;
    }

    /**
     * Makes {@code previousId} name {@code target}: merges the lead it named, if any, into the
     * target; else the id becomes one of the target's anonymousIds.
     */
    void alias(String previousId, @Nullable Lead source, Lead target) {
        if (source != null && source != target) {
            merge(source, target);
        }
        if (!previousId.equals(target.id)) {
            aliases.put(previousId, target.id);
        }
        if (source == null) {
            claim(previousId, target);
        }
    }

    /** From now on, records with this anonymousId (and no userId) belong to {@code lead}. */
    private void claim(String anonymousId, Lead lead) {
        anonymousToLead.put(anonymousId, lead);
        lead.anonymousIds.add(anonymousId);
    }

    /**
     * Merges {@code source} into {@code target}; the source lead disappears. The scores are rebuilt
     * from both histories; the lifecycle, which happened in real time, is the one further along.
     */
    private void merge(Lead source, Lead target) {
        target.absorb(source, model, applied);
        target.touch(source.lastAt());
        for (String anonymousId : source.anonymousIds) {
            if (anonymousToLead.get(anonymousId) == source) {
                anonymousToLead.put(anonymousId, target);
            }
        }
        if (source.userId != null) {
            aliases.put(source.userId, target.id);
        }
        boolean tookSource = furtherAlong(source.lifecycle, target.lifecycle);
        target.lifecycle = mergedLifecycle(target.lifecycle, source.lifecycle);
        for (int i = 0; i < target.lanes.length; i++) { // each lane as lane 0 is (see AutomaticMoves)
            target.lanes[i] = mergedLifecycle(target.lanes[i], source.lanes[i]);
        }
        leads.remove(source.id);
        merges.merged(source.id, target.id, tookSource);
    }

    /** The lifecycle a merged lead goes on with, holding the conversions and hand-raises either had pending. */
    private static LifecycleState mergedLifecycle(LifecycleState target, LifecycleState source) {
        LifecycleState kept = furtherAlong(source, target) ? source : target;
        LifecycleState absorbed = kept == source ? target : source;
        kept.pending(
                firstNonNull(kept.pendingConversion(), absorbed.pendingConversion()),
                firstNonNull(kept.pendingFastLane(), absorbed.pendingFastLane()));
        return kept;
    }

    /**
     * Which lifecycle a merged lead keeps: the one with more qualification cycles (so no cohort
     * counts the person twice), then the one with more history; on a tie, the surviving lead's.
     */
    private static boolean furtherAlong(LifecycleState a, LifecycleState b) {
        if (a.cycle() != b.cycle()) {
            return a.cycle() > b.cycle();
        }
        return a.transitions().size() > b.transitions().size();
    }

    static @Nullable String firstNonNull(@Nullable String a, @Nullable String b) {
        return a != null ? a : b;
    }

    /** Forgets every lead and identity of these keys (userIds, anonymousIds, alias ids). */
    void forget(Set<String> keys) {
        for (String key : keys) {
            forget(leads.get(key));
            forget(leads.get(Engine.ANONYMOUS_PREFIX + key));
            forget(anonymousToLead.get(key));
            aliases.remove(key);
        }
    }

    private void forget(@Nullable Lead lead) {
        if (lead == null) {
            return;
        }
        leads.remove(lead.id);
        for (String anonymousId : lead.anonymousIds) {
            if (anonymousToLead.get(anonymousId) == lead) {
                anonymousToLead.remove(anonymousId);
            }
        }
    }

    /** The lead id a userId or anonymousId resolves to now, or null. */
    @Nullable
    String leadIdOf(String userOrAnonymousId) {
        String canonical = canonical(userOrAnonymousId);
        if (leads.containsKey(canonical)) {
            return canonical;
        }
        Lead lead = anonymousToLead.get(userOrAnonymousId);
        return lead == null ? null : lead.id;
    }

    List<String> leadIds() {
        return leads.keys();
    }

    private String canonical(String userId) {
        String id = userId;
        for (int i = 0; i < 64; i++) {
            String next = aliases.get(id);
            if (next == null) {
                return id;
            }
            id = next;
        }
        return id;
    }
}
