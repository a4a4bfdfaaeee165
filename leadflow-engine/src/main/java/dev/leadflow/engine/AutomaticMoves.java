package dev.leadflow.engine;

import dev.leadflow.input.Event;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.LifecycleState;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Condition;
import dev.leadflow.model.LifecycleRules;
import dev.leadflow.model.Model;
import dev.leadflow.scoring.ExpiryTimer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle's automatic moves (docs/MODEL.md, "lifecycle"): after every record, the moves to
 * {@code subscriber}, {@code lead} and {@code mql} (fast lane or criteria) at the record's time, and
 * the MQL expiry timer; when a timer falls due, the move back to {@code recycled}.
 *
 * <p>Lanes. Besides the lead's lifecycle (lane 0, the one every reader sees and the listener hears),
 * an engine may keep further lanes: the same lifecycle under other MQL criteria, on the same scores.
 * A backtest's threshold sweep runs each value as a lane, so that one replay scores the records once
 * for all of them. Lanes move only automatically: a sales action moves lane 0 alone, so lanes are
 * meant for histories without sales actions. A lane's moves reach no listener and touch nothing that
 * lane 0 reads.
 */
final class AutomaticMoves {

    /** One lane's MQL criteria and the engagement thresholds its expiry timer watches. */
    private static final class Lane {
        private final Optional<Condition> criteria;
        private final double[] expiryThresholds;

        private Lane(Optional<Condition> criteria) {
            this.criteria = criteria;
            this.expiryThresholds =
                    criteria.map(ExpiryTimer::engagementThresholds).orElse(new double[0]);
        }

        static Lane of(Optional<Condition> criteria) {
            return new Lane(criteria);
        }

        Optional<Condition> criteria() {
            return criteria;
        }

        double[] expiryThresholds() {
            return expiryThresholds;
        }
    }

    private final Model model;
    private final LifecycleRules rules;
    private final Lane[] lanes;
    private final ExpiryQueue timers;
    private final EngineListener listener;

    AutomaticMoves(Model model, List<Optional<Condition>> extraLanes, ExpiryQueue timers, EngineListener listener) {
        this.model = model;
        this.rules = model.lifecycle();
        List<Lane> all = new ArrayList<>();
        all.add(Lane.of(rules.mql()));
        extraLanes.forEach(c -> all.add(Lane.of(c)));
        this.lanes = all.toArray(new Lane[0]);
        this.timers = timers;
        this.listener = listener;
    }

    /** How many lanes besides lane 0. */
    int extraLanes() {
        return lanes.length - 1;
    }

    /** The automatic moves after a record, all at the record's time, then the expiry timer, in every lane. */
    void afterRecord(Lead lead, Input input, long t) {
        String conversion = null;
        String fastLane = null;
        if (input instanceof Event e) {
            if (rules.conversions().contains(e.name())) {
                conversion = e.name();
            }
            for (LifecycleRules.FastLane f : rules.fastLane()) {
                if (f.on().equals(e.name()) && f.condition().test(lead.scoring.facts(e.properties(), t))) {
                    fastLane = e.name();
                    break;
                }
            }
        }
        for (int lane = 0; lane < lanes.length; lane++) {
            afterRecord(lead, lane, conversion, fastLane, t);
        }
        long next = lead.nextExpiry();
        if (next != Long.MAX_VALUE) {
            timers.schedule(lead, next); // one entry for the earliest lane: the others follow as it fires
        }
    }

    private void afterRecord(
            Lead lead, int lane, @Nullable String conversionNow, @Nullable String fastLaneNow, long t) {
        LifecycleState lc = lead.lane(lane);
        if (lead.userId == null) {
            lc.pending(
                    firstNonNull(lc.pendingConversion(), conversionNow),
                    firstNonNull(lc.pendingFastLane(), fastLaneNow));
            return;
        }
        String conversion = firstNonNull(conversionNow, lc.pendingConversion());
        String fastLane = firstNonNull(fastLaneNow, lc.pendingFastLane());
        lc.pending(null, null);
        if (conversion != null) {
            lc.converted(t);
        }
        if (lc.stage() == Stage.VISITOR) {
            move(lead, lane, Stage.SUBSCRIBER, t, Engine.ACTOR_IDENTITY, "identified", false);
        }
        if (lc.stage() == Stage.SUBSCRIBER && conversion != null) {
            move(lead, lane, Stage.LEAD, t, Engine.ACTOR_CONVERSION, conversion, false);
        }
        Stage stage = lc.stage();
        if (stage == Stage.MQL && fastLane != null) {
            lc.raisedHand(); // a hand-raiser waiting for sales does not expire
        }
        Optional<Condition> criteria = lanes[lane].criteria();
        if (stage == Stage.LEAD || stage == Stage.SUBSCRIBER || stage == Stage.RECYCLED) {
            if (fastLane != null) {
                move(lead, lane, Stage.MQL, t, Engine.ACTOR_FAST_LANE, fastLane, true);
            } else if (criteria.isPresent()
                    && criteria.get().test(lead.scoring.facts(null, t, lc.priorCycles()))
                    && (stage != Stage.RECYCLED || t - lc.recycledAt() >= rules.requalifyAfterMillis())) {
                move(lead, lane, Stage.MQL, t, Engine.ACTOR_CRITERIA, "criteria", false);
            }
        }
        long expires = lc.stage() == Stage.MQL && !lc.fastLaneMql() && rules.expireMql() && criteria.isPresent()
                ? ExpiryTimer.next(
                        criteria.get(),
                        lanes[lane].expiryThresholds(),
                        lead.scoring,
                        model.engagement(),
                        t,
                        lc.priorCycles())
                : Long.MAX_VALUE;
        lc.expiresAt(expires);
    }

    /**
     * Fires the lead's expiry timers due at or before {@code t}, each at the instant it fell due,
     * and queues the lead again for the next lane's timer, if one is set.
     */
    void fireDueTimer(Lead lead, long t) {
        if (lead.nextExpiry() > t) {
            return;
        }
        for (int lane = 0; lane < lanes.length; lane++) {
            LifecycleState lc = lead.lane(lane);
            if (lc.expiresAt() <= t && lc.stage() == Stage.MQL) {
                long at = lc.expiresAt();
                lc.expiresAt(Long.MAX_VALUE);
                if (lane == 0) {
                    lead.touch(at);
                }
                move(lead, lane, Stage.RECYCLED, at, Engine.ACTOR_TIMER, "expired", false);
            }
        }
        long next = lead.nextExpiry();
        if (next != Long.MAX_VALUE) {
            timers.schedule(lead, next);
        }
    }

    /** Moves lane 0 (a sales action, or an automatic move): the listener hears of it. */
    void move(Lead lead, Stage to, long t, String actor, String reason, boolean fastLane) {
        move(lead, 0, to, t, actor, reason, fastLane);
    }

    private void move(Lead lead, int lane, Stage to, long t, String actor, String reason, boolean fastLane) {
        Transition transition = lead.lane(lane).move(to, t, actor, reason, fastLane);
        if (lane == 0) {
            listener.onTransition(lead.id, transition);
        }
    }

    private static @Nullable String firstNonNull(@Nullable String a, @Nullable String b) {
        return a != null ? a : b;
    }
}
