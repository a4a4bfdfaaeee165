package dev.leadflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.StateMachine;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Score;
import dev.leadflow.scoring.LedgerEntry;
import java.util.List;

/** Invariants checked after engine tests: ledgers sum to scores, histories are legal paths. */
final class Invariants {

    private Invariants() {}

    /** Every lead's fit and engagement ledger entries sum to its scores (to 1e-9). */
    static void assertLedgersSum(Engine engine, long at) {
        for (String id : engine.leadIds()) {
            LeadSnapshot s = engine.snapshot(id, at).orElseThrow();
            double fit = 0;
            double engagement = 0;
            for (LedgerEntry e : s.ledger()) {
                if (e.score() == Score.FIT) {
                    fit += e.points();
                } else {
                    engagement += e.points();
                }
            }
            assertThat(fit).as("fit ledger of %s", id).isCloseTo(s.fit(), within(1e-9));
            assertThat(engagement).as("engagement ledger of %s", id).isCloseTo(s.engagement(), within(1e-9));
            assertThat(s.model()).isEqualTo(engine.model().id());
        }
    }

    /** The transitions chain from visitor, each one a legal move of the lifecycle in README.md, cycles counting MQL entries. */
    static void assertLegalPath(List<Transition> transitions) {
        Stage at = Stage.VISITOR;
        int cycle = 0;
        long time = Long.MIN_VALUE;
        for (Transition t : transitions) {
            assertThat(t.from()).as("chained: %s", t).isEqualTo(at);
            assertThat(t.at()).as("in time order: %s", t).isGreaterThanOrEqualTo(time);
            if (t.to() == Stage.MQL) {
                cycle++;
            }
            assertThat(t.cycle()).as("cycle of %s", t).isEqualTo(cycle);
            assertThat(legal(t)).as("legal move: %s in %s", t, transitions).isTrue();
            at = t.to();
            time = t.at();
        }
    }

    private static boolean legal(Transition t) {
        return switch (t.actor()) {
            case Engine.ACTOR_IDENTITY -> t.from() == Stage.VISITOR && t.to() == Stage.SUBSCRIBER;
            case Engine.ACTOR_CONVERSION -> t.from() == Stage.SUBSCRIBER && t.to() == Stage.LEAD;
            case Engine.ACTOR_CRITERIA, Engine.ACTOR_FAST_LANE ->
                t.to() == Stage.MQL
                        && (t.from() == Stage.LEAD || t.from() == Stage.SUBSCRIBER || t.from() == Stage.RECYCLED);
            case Engine.ACTOR_TIMER ->
                t.from() == Stage.MQL && t.to() == Stage.RECYCLED && t.reason().equals("expired");
            default -> {
                for (Action a : StateMachine.allowed(t.from())) {
                    if (StateMachine.decide(t.from(), a, t.reason()) instanceof StateMachine.Decision.Move m
                            && m.to() == t.to()) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }
}
