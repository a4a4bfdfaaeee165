package dev.leadflow.app;

import dev.leadflow.handoff.Desk;
import java.util.Optional;

/** A lead's place in the hand-off (owner, team, clocks) and its nurture track, if any. */
public record HandoffCase(Optional<Desk.CaseView> desk, Optional<String> track) {

    static HandoffCase of(SalesHandoff handoff, String leadId) {
        return new HandoffCase(handoff.reads().view(leadId), handoff.reads().track(leadId));
    }
}
