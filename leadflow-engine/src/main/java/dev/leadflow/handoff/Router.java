package dev.leadflow.handoff;

import dev.leadflow.handoff.HandoffConfig.Member;
import dev.leadflow.handoff.HandoffConfig.RoutingRule;
import dev.leadflow.handoff.HandoffConfig.Strategy;
import dev.leadflow.handoff.HandoffConfig.Team;
import dev.leadflow.model.Facts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Chooses who gets an MQL (docs/HANDOFF.md): the first routing rule whose condition holds on the lead
 * chooses the team; the rule's strategy chooses among the members who can take a lead now
 * (available, under capacity), and every member passed over is recorded with why. Deterministic:
 * the same rules, lead, loads and past choices give the same owner, so a replay assigns as the live
 * server did. Remembers each team's past choices (the round-robin turn, the weighted credits) by
 * team and member id, so editing one team leaves the others' turns alone. Not thread-safe.
 */
public final class Router {

    /** A member passed over, and why ("away", "at capacity: 25 of 25 open MQLs"). */
    public record Skip(String member, String why) {}

    /** What routing decided for a lead. */
    public sealed interface Decision {
        /** {@code member} of {@code team} owns the lead, chosen by {@code rule} with {@code strategy}. */
        record Assigned(String team, String member, String rule, Strategy strategy, List<Skip> skipped)
                implements Decision {}

        /** The rule chose {@code team} but nobody there can take a lead now: it waits in the team's queue. */
        record Queued(String team, String rule, List<Skip> skipped) implements Decision {}

        /** No rule holds for the lead: it stays unassigned. */
        record Unrouted() implements Decision {}
    }

    /** The member of each team whose turn came last (round robin, least loaded ties). */
    private final Map<String, String> lastChosen = new HashMap<>();
    /** Smooth weighted round robin: each member's credit, by team then member. */
    private final Map<String, Map<String, Long>> credits = new HashMap<>();

    /** Routes a lead whose facts are {@code lead}; {@code openMqls} gives each member's current load. */
    public Decision route(HandoffConfig config, Facts lead, ToIntFunction<String> openMqls) {
        return route(config, config.ruleFor(lead), openMqls);
    }

    /** Routes a lead for which {@code rule} is the first rule that holds (none: unrouted). */
    public Decision route(HandoffConfig config, Optional<RoutingRule> rule, ToIntFunction<String> openMqls) {
        if (rule.isEmpty()) {
            return new Decision.Unrouted();
        }
        Team team = config.team(rule.get().team()).orElseThrow(); // the parser checked every rule's team
        return choose(team, rule.get().name(), rule.get().strategy(), openMqls, Optional.empty());
    }

    /**
     * Chooses a member of {@code team} (for a lead waiting in its queue, or one taken from
     * {@code except} by escalation, who is then passed over).
     */
    public Decision choose(
            Team team, String rule, Strategy strategy, ToIntFunction<String> openMqls, Optional<String> except) {
        List<Member> eligible = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        for (Member m : team.members()) {
            int open = openMqls.applyAsInt(m.id());
            if (except.isPresent() && except.get().equals(m.id())) {
                skipped.add(new Skip(m.id(), "the lead is being taken from them"));
            } else if (!m.available()) {
                skipped.add(new Skip(m.id(), "away"));
            } else if (m.capacity().isPresent() && open >= m.capacity().get()) {
                skipped.add(new Skip(
                        m.id(), "at capacity: " + open + " of " + m.capacity().get() + " open MQLs"));
            } else {
                eligible.add(m);
            }
        }
        if (eligible.isEmpty()) {
            return new Decision.Queued(team.id(), rule, skipped);
        }
        Member chosen = switch (strategy) {
            case ROUND_ROBIN -> nextInTurn(team, eligible);
            case WEIGHTED -> weighted(team, eligible);
            case LEAST_LOADED -> leastLoaded(team, eligible, openMqls);
        };
        lastChosen.put(team.id(), chosen.id());
        for (Member m : eligible) {
            if (!m.equals(chosen) && strategy == Strategy.LEAST_LOADED) {
                skipped.add(new Skip(
                        m.id(),
                        "holds " + openMqls.applyAsInt(m.id()) + " open MQLs, " + chosen.id() + " "
                                + openMqls.applyAsInt(chosen.id())));
            }
        }
        return new Decision.Assigned(team.id(), chosen.id(), rule, strategy, skipped);
    }

    /** The first eligible member after the one chosen last, in the team's order, wrapping around. */
    private Member nextInTurn(Team team, List<Member> eligible) {
        List<Member> all = team.members();
        int last = indexOf(all, lastChosen.get(team.id()));
        for (int step = 1; step <= all.size(); step++) {
            Member m = all.get(Math.floorMod(last + step, all.size()));
            if (eligible.contains(m)) {
                return m;
            }
        }
        return eligible.get(0);
    }

    /**
     * Smooth weighted round robin: every eligible member gains its weight in credit, the richest
     * (first in order on a tie) is chosen and pays the eligible members' total weight. Over any
     * run each member's share equals its share of the weight, spread evenly rather than in bursts.
     */
    private Member weighted(Team team, List<Member> eligible) {
        Map<String, Long> credit = credits.computeIfAbsent(team.id(), t -> new HashMap<>());
        long total = 0;
        Member best = eligible.get(0); // eligible is never empty
        long bestCredit = Long.MIN_VALUE;
        for (Member m : eligible) {
            total += m.weight();
            long c = credit.merge(m.id(), (long) m.weight(), Long::sum);
            if (c > bestCredit) {
                best = m;
                bestCredit = c;
            }
        }
        credit.merge(best.id(), -total, Long::sum);
        return best;
    }

    /** The eligible member holding the fewest open MQLs; among equals, the next in turn. */
    private Member leastLoaded(Team team, List<Member> eligible, ToIntFunction<String> openMqls) {
        int fewest = eligible.stream()
                .mapToInt(m -> openMqls.applyAsInt(m.id()))
                .min()
                .orElseThrow();
        List<Member> least = eligible.stream()
                .filter(m -> openMqls.applyAsInt(m.id()) == fewest)
                .toList();
        return nextInTurn(team, least);
    }

    private static int indexOf(List<Member> members, @Nullable String id) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
