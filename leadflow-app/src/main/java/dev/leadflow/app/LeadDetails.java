package dev.leadflow.app;

import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.input.Input;
import java.util.List;

/**
 * One lead as a salesperson opens it, read under one lock: its state and score ledger, its
 * headline, every record applied to it, and its place in the hand-off.
 */
public record LeadDetails(LeadSnapshot snapshot, LeadSummary summary, List<Input> history, HandoffCase handoff) {

    static java.util.Optional<LeadDetails> read(Leads.State state, String leadId, long nowMillis) {
        return state.engine()
                .snapshot(leadId, nowMillis)
                .map(s -> new LeadDetails(
                        s,
                        state.engine().summary(leadId, nowMillis).orElseThrow(),
                        state.engine().history(leadId),
                        HandoffCase.of(state.handoff(), leadId)));
    }
}
