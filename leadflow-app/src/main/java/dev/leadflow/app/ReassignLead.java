package dev.leadflow.app;

import java.util.ArrayList;
import java.util.List;

/** A sales manager gives a lead in the hand-off to another member by hand. */
public final class ReassignLead {

    private final Leads leads;

    ReassignLead(Leads leads) {
        this.leads = leads;
    }

    /** False when the lead is not in the hand-off or the member is unknown. */
    public boolean reassign(String leadId, String member, long nowMillis) {
        return leads.serially(() -> {
            boolean[] done = {false};
            leads.write(
                    List.of(),
                    nowMillis,
                    new ArrayList<>(),
                    (s, batch) -> done[0] = s.handoff().reassign(s.engine(), leadId, member, nowMillis, batch));
            return done[0];
        });
    }
}
