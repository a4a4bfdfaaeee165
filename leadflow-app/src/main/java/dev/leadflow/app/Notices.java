package dev.leadflow.app;

import dev.leadflow.app.port.Delivery;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.handoff.HandoffConfig.Notice;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The webhook notices of the hand-off: one delivery per subscribed webhook, added to the write's unit. */
final class Notices {

    private final Desk desk;

    Notices(Desk desk) {
        this.desk = desk;
    }

    /** The webhooks of the configuration in force that take {@code notice}. */
    List<HandoffConfig.Webhook> subscribers(Notice notice) {
        return desk.config().webhooks().stream()
                .filter(w -> w.notices().contains(notice))
                .toList();
    }

    /** Adds a delivery of {@code notice} about {@code leadId} for each subscribed webhook. */
    void notify(Engine engine, String leadId, Notice notice, long at, HandoffJson.Cause cause, Batch out) {
        List<HandoffConfig.Webhook> to = subscribers(notice);
        if (to.isEmpty()) {
            return;
        }
        Optional<LeadSummary> lead = engine.summary(leadId, at);
        Optional<Desk.CaseView> handoff = desk.view(leadId);
        for (HandoffConfig.Webhook w : to) {
            String id = "dlv_" + UUID.randomUUID().toString().replace("-", "");
            out.unit.delivery(new Delivery(
                    id,
                    w.name(),
                    notice.wireName(),
                    leadId,
                    HandoffJson.notice(id, notice, lead, leadId, handoff, cause),
                    at));
        }
    }
}
