package dev.leadflow.adapter.web;

import dev.leadflow.app.SalesQueue;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.SlaClock;
import dev.leadflow.scoring.LedgerEntry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sales queue: open MQLs and SALs, hand-raisers first, then by SLA due time, each with its SLA
 * countdown, the reasons it scores, and the buttons to accept, reject with a reason, qualify or
 * log a touch, a hundred at a time. A sales user sees their own queue; the others choose an owner
 * or see everyone's.
 */
final class QueuePage {

    /** One lead of the queue; {@code due} is the next SLA deadline (ISO, for the countdown), or empty. */
    public record Item(
            String id,
            String name,
            String company,
            String stage,
            String owner,
            boolean handRaiser,
            String clock,
            String due,
            String until,
            String state,
            String why,
            List<String> actions) {}

    private static final int TOP_REASONS = 3;
    /** Leads per page, the most urgent first: a rep works the top of the queue. */
    static final int PAGE = 100;

    private final Dashboard dashboard;
    private final Dashboard.Services services;

    QueuePage(Dashboard dashboard, Dashboard.Services services) {
        this.dashboard = dashboard;
        this.services = services;
    }

    void show(Dashboard.Request r) {
        long now = services.clock().millis();
        Optional<String> owner = r.onlyMember()
                .or(() -> Optional.ofNullable(r.ctx().queryParam("owner")).filter(o -> !o.isBlank()));
        int offset = offset(r);
        SalesQueue.Queue queue =
                services.live().salesQueue().queue(owner, Optional.empty(), TOP_REASONS, offset, PAGE, now);
        List<Item> items = queue.leads().stream().map(e -> item(e, now)).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("page", "queue");
        model.put("items", items);
        model.put("total", queue.total());
        model.put("from", Math.min(queue.total(), offset + 1));
        model.put("to", Math.min(queue.total(), offset + items.size()));
        String base = "/queue?"
                + owner.filter(o -> r.onlyMember().isEmpty())
                        .map(o -> "owner=" + URLEncoder.encode(o, StandardCharsets.UTF_8) + "&")
                        .orElse("");
        model.put("self", base + "offset=" + offset);
        model.put("first", base + "offset=0");
        model.put("previous", offset > 0 ? base + "offset=" + Math.max(0, offset - PAGE) : null);
        model.put("next", offset + PAGE < queue.total() ? base + "offset=" + (offset + PAGE) : null);
        model.put("owner", owner.orElse(""));
        model.put(
                "owners",
                services.live().configureHandoff().current().config().teams().stream()
                        .flatMap(t -> t.members().stream())
                        .map(m -> m.id())
                        .distinct()
                        .sorted()
                        .toList());
        model.put(
                "reasons",
                java.util.Arrays.stream(dev.leadflow.lifecycle.RejectReason.values())
                        .map(x ->
                                new LeadPages.Choice(x.wireName(), x.wireName().replace('_', ' ')))
                        .toList());
        model.put(
                "channels",
                dev.leadflow.lifecycle.StateMachine.CHANNELS.stream()
                        .map(c -> new LeadPages.Choice(c, c))
                        .toList());
        dashboard.render(r, 200, "queue", model);
    }

    /** The page's first lead: the {@code offset} asked for, or 0 when it is missing or not a number. */
    private static int offset(Dashboard.Request r) {
        try {
            return Math.max(
                    0,
                    Integer.parseInt(Optional.ofNullable(r.ctx().queryParam("offset"))
                            .orElse("0")
                            .strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Item item(SalesQueue.Entry e, long now) {
        Desk.CaseView c = e.handoff();
        Optional<SlaClock> next = !c.accepted() ? c.accept() : !c.touched() ? c.firstTouch() : Optional.empty();
        String clock = next.map(k -> k.kind() == SlaClock.Kind.ACCEPT ? "accept" : "first touch")
                .orElse("");
        long due = next.map(k -> k.due().toEpochMilli()).orElse(Long.MIN_VALUE);
        String state = next.isEmpty()
                ? "kept"
                : due <= now ? "breached" : next.get().warning().toEpochMilli() <= now ? "warning" : "running";
        String why = String.join(", ", e.why().stream().map(QueuePage::reason).toList());
        return new Item(
                c.leadId(),
                e.lead().name().or(() -> e.lead().email()).orElse(c.leadId()),
                e.lead().company().orElse(""),
                e.lead().stage().wireName(),
                c.owner().orElse("(queued for " + c.team().orElse("?") + ")"),
                c.handRaiser(),
                clock,
                next.isEmpty() ? "" : Times.iso(due),
                next.isEmpty() ? "" : Times.until(due, now),
                state,
                why,
                LeadPages.actions(e.lead().stage()));
    }

    private static String reason(LedgerEntry l) {
        return l.rule() + " " + (l.points() >= 0 ? "+" : "") + String.format(Locale.ROOT, "%.0f", l.points());
    }
}
