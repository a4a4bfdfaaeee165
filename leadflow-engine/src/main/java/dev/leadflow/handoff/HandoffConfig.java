package dev.leadflow.handoff;

import dev.leadflow.model.Condition;
import dev.leadflow.model.Facts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The hand-off configuration ({@code handoff.yaml}, docs/HANDOFF.md): who sells (teams and their
 * members), which team gets which MQL (ordered routing rules), the SLA clocks and what a breach
 * sets off, the webhooks to notify, and the nurture tracks recycled leads enter; and how long raw
 * event payloads are kept ({@code retention.raw_events}, docs/PRIVACY.md; empty: for ever). Read
 * and validated whole by {@link HandoffParser}. Immutable.
 */
public record HandoffConfig(
        List<Team> teams,
        List<RoutingRule> routing,
        Sla sla,
        List<Webhook> webhooks,
        Map<String, List<Double>> scoreThresholds,
        List<NurtureTrack> nurture,
        Optional<Long> retainRawEventsMillis) {

    public HandoffConfig {
        teams = List.copyOf(teams);
        routing = List.copyOf(routing);
        webhooks = List.copyOf(webhooks);
        scoreThresholds = Map.copyOf(scoreThresholds);
        nurture = List.copyOf(nurture);
        java.util.Objects.requireNonNull(retainRawEventsMillis, "retainRawEventsMillis");
    }

    /** No teams, no rules: every MQL stays unassigned; the default SLA; no webhooks or tracks. */
    public static final HandoffConfig EMPTY =
            new HandoffConfig(List.of(), List.of(), Sla.DEFAULT, List.of(), Map.of(), List.of(), Optional.empty());

    /** How many members the teams have in all: the reps who take MQLs. */
    public int memberCount() {
        return teams.stream().mapToInt(t -> t.members().size()).sum();
    }

    public Optional<Team> team(String id) {
        return teams.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<RoutingRule> rule(String name) {
        return routing.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The first routing rule that holds for a lead, if any. */
    public Optional<RoutingRule> ruleFor(Facts lead) {
        return routing.stream()
                .filter(r -> r.condition().map(c -> c.test(lead)).orElse(true))
                .findFirst();
    }

    /** The first nurture track a lead recycled for {@code reason} enters, if any. */
    public Optional<NurtureTrack> trackFor(@Nullable String reason, Facts lead) {
        return nurture.stream()
                .filter(t -> (t.reasons().isEmpty() || t.reasons().contains(reason))
                        && t.condition().map(c -> c.test(lead)).orElse(true))
                .findFirst();
    }

    /** A sales team: its members, its working hours (the members' unless they have their own), and its SLA. */
    public record Team(String id, String name, WorkingHours hours, Sla sla, List<Member> members) {
        public Team {
            members = List.copyOf(members);
        }
    }

    /**
     * A salesperson: {@code weight} for weighted routing, {@code capacity} the most open MQLs they
     * hold at once (empty: no cap), {@code available} false while away.
     */
    public record Member(
            String id,
            String name,
            @Nullable String email,
            int weight,
            Optional<Integer> capacity,
            boolean available,
            WorkingHours hours) {}

    /** How a team chooses among its members who can take a lead. */
    public enum Strategy {
        ROUND_ROBIN,
        WEIGHTED,
        LEAST_LOADED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The first rule whose condition holds (always, when empty) sends the MQL to its team. */
    public record RoutingRule(String name, Optional<Condition> condition, String team, Strategy strategy) {}

    /**
     * The clocks started at MQL, in the owner's working time: accept (or reject) within
     * {@code acceptWithinMillis}, first touch within {@code firstTouchWithinMillis}; a warning at
     * {@code warnAt} of each; the escalation steps run from the breach.
     */
    public record Sla(
            long acceptWithinMillis, long firstTouchWithinMillis, double warnAt, List<Escalation> escalation) {
        public Sla {
            escalation = List.copyOf(escalation);
        }

        public static final long DEFAULT_ACCEPT_WITHIN = 4 * 3_600_000L;
        public static final long DEFAULT_FIRST_TOUCH_WITHIN = 24 * 3_600_000L;
        public static final double DEFAULT_WARN_AT = 0.75;
        public static final Sla DEFAULT = new Sla(
                DEFAULT_ACCEPT_WITHIN,
                DEFAULT_FIRST_TOUCH_WITHIN,
                DEFAULT_WARN_AT,
                List.of(new Escalation(EscalationAction.NOTIFY, 0)));
    }

    /** What a breach sets off, {@code afterMillis} of working time after it. */
    public record Escalation(EscalationAction action, long afterMillis) {}

    public enum EscalationAction {
        /** The {@code sla_breached} webhook (sent for every breach anyway; a later step re-sends it as a reminder). */
        NOTIFY,
        /** The lead goes to the next member who can take it, with fresh clocks. */
        REASSIGN,
        /** The lead goes back to marketing: {@code recycled}, reason {@code sla_breach}. */
        RECYCLE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A webhook subscription: where, signed with which secret, for which kinds of notice. */
    public record Webhook(String name, String url, String secret, Set<Notice> notices) {
        public Webhook {
            notices = Set.copyOf(notices);
        }

        @Override
        public String toString() {
            return "Webhook[" + name + " " + url + " " + notices + "]"; // never the secret
        }
    }

    /** The kinds of notice a webhook can subscribe to. */
    public enum Notice {
        STAGE_CHANGED,
        ASSIGNED,
        SLA_WARNING,
        SLA_BREACHED,
        SCORE_CROSSED,
        NURTURE_ENTERED,
        NURTURE_EXITED,
        /** A person was erased (docs/PRIVACY.md): receivers erase them too. */
        LEAD_ERASED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A nurture track: entered by a recycled lead whose reason is one of {@code reasons} (any, when empty) and whose condition holds. */
    public record NurtureTrack(String name, Set<String> reasons, Optional<Condition> condition) {
        public NurtureTrack {
            reasons = Set.copyOf(reasons);
        }
    }
}
