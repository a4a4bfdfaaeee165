package dev.leadflow.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.HandoffConfig.Notice;
import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.handoff.Router.Skip;
import dev.leadflow.handoff.SlaClock;
import dev.leadflow.lifecycle.Transition;
import java.time.Instant;
import java.util.Optional;

/** The hand-off's events and webhook notices as JSON (docs/HANDOFF.md, "Deliveries"). */
final class HandoffJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private HandoffJson() {}

    /** The event's type name, as stored and sent. */
    static String type(HandoffEvent e) {
        return switch (e) {
            case HandoffEvent.Assigned a -> "assigned";
            case HandoffEvent.Queued q -> "queued";
            case HandoffEvent.Unrouted u -> "unrouted";
            case HandoffEvent.SlaWarning w -> "sla_warning";
            case HandoffEvent.SlaBreached b -> "sla_breached";
            case HandoffEvent.RecycleRequested r -> "recycle_requested";
            case HandoffEvent.NurtureEntered n -> "nurture_entered";
            case HandoffEvent.NurtureExited n -> "nurture_exited";
        };
    }

    /** The webhook notice an event is sent as, if any (a recycle is told by its stage change). */
    static Optional<Notice> notice(HandoffEvent e) {
        return switch (e) {
            case HandoffEvent.Assigned a -> Optional.of(Notice.ASSIGNED);
            case HandoffEvent.SlaWarning w -> Optional.of(Notice.SLA_WARNING);
            case HandoffEvent.SlaBreached b -> Optional.of(Notice.SLA_BREACHED);
            case HandoffEvent.NurtureEntered n -> Optional.of(Notice.NURTURE_ENTERED);
            case HandoffEvent.NurtureExited n -> Optional.of(Notice.NURTURE_EXITED);
            default -> Optional.empty();
        };
    }

    /**
     * What the event says, without the lead's headline: the {@code cause} of a notice. Longer than
     * most: one case per event type, a few fields each, kept together as the one definition of the
     * stored and sent format.
     */
    static ObjectNode cause(HandoffEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type(e));
        n.put("at", e.at().toString());
        switch (e) {
            case HandoffEvent.Assigned a -> {
                n.put("team", a.team());
                n.put("owner", a.owner());
                n.put("rule", a.rule());
                n.put("strategy", a.strategy());
                n.put("by", a.cause());
                skipped(n, a.skipped());
                clock(n, "accept", a.accept());
                clock(n, "first_touch", a.firstTouch());
            }
            case HandoffEvent.Queued q -> {
                n.put("team", q.team());
                n.put("rule", q.rule());
                skipped(n, q.skipped());
            }
            case HandoffEvent.Unrouted u -> n.put("why", "no routing rule holds for the lead");
            case HandoffEvent.SlaWarning w -> {
                n.put("owner", w.owner());
                n.put("clock", w.clock().wireName());
                n.put("due", w.due().toString());
            }
            case HandoffEvent.SlaBreached b -> {
                n.put("owner", b.owner());
                n.put("clock", b.clock().wireName());
                n.put("step", b.step());
            }
            case HandoffEvent.RecycleRequested r -> {
                n.put("owner", r.owner());
                n.put("clock", r.clock().wireName());
            }
            case HandoffEvent.NurtureEntered ne -> {
                n.put("track", ne.track());
                n.put("reason", ne.reason());
            }
            case HandoffEvent.NurtureExited nx -> {
                n.put("track", nx.track());
                n.put("why", nx.why());
            }
        }
        return n;
    }

    static ObjectNode stageChanged(Transition t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "stage_changed");
        n.put("at", Instant.ofEpochMilli(t.at()).toString());
        n.put("from", t.from().wireName());
        n.put("to", t.to().wireName());
        n.put("actor", t.actor());
        n.put("reason", t.reason());
        n.put("cycle", t.cycle());
        return n;
    }

    static ObjectNode scoreCrossed(String score, double threshold, double before, double after, long at) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "score_crossed");
        n.put("at", Instant.ofEpochMilli(at).toString());
        n.put("score", score);
        n.put("threshold", threshold);
        n.put("direction", after >= threshold ? "up" : "down");
        n.put("before", before);
        n.put("after", after);
        return n;
    }

    /** A notice's body: its id and type, the lead as it is (id, stage, scores, owner) and the cause. */
    static String notice(
            String id,
            Notice notice,
            Optional<LeadSummary> lead,
            String leadId,
            Optional<Desk.CaseView> handoff,
            ObjectNode cause) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("type", notice.wireName());
        ObjectNode l = n.putObject("lead");
        l.put("id", leadId);
        lead.ifPresent(s -> {
            l.put("stage", s.stage().wireName());
            l.put("fit", round(s.fit()));
            l.put("engagement", round(s.engagement()));
            s.grade().ifPresent(g -> l.put("grade", g));
            l.put("cycle", s.cycle());
            s.email().ifPresent(v -> l.put("email", v));
            s.name().ifPresent(v -> l.put("name", v));
            s.company().ifPresent(v -> l.put("company", v));
        });
        l.put("owner", handoff.flatMap(Desk.CaseView::owner).orElse(null));
        l.put("team", handoff.flatMap(Desk.CaseView::team).orElse(null));
        n.set("cause", cause);
        return n.toString();
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void skipped(ObjectNode n, java.util.List<Skip> skipped) {
        var a = n.putArray("skipped");
        for (Skip s : skipped) {
            a.addObject().put("member", s.member()).put("why", s.why());
        }
    }

    private static void clock(ObjectNode n, String name, SlaClock c) {
        if (c != null) {
            n.putObject(name)
                    .put("started", c.started().toString())
                    .put("warning", c.warning().toString())
                    .put("due", c.due().toString());
        }
    }
}
