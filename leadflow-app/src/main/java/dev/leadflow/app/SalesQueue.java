package dev.leadflow.app;

import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.handoff.Desk;
import dev.leadflow.scoring.LedgerEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A salesperson (or a team lead) opens the queue of MQLs and SALs waiting for them. */
public final class SalesQueue {

    /** A lead of a sales queue: its place in the hand-off, its headline and why it scores as it does. */
    public record Entry(Desk.CaseView handoff, LeadSummary lead, List<LedgerEntry> why) {}

    /** A page of a sales queue, and how many leads the whole queue holds. */
    public record Queue(List<Entry> leads, int total) {}

    private final Leads leads;

    SalesQueue(Leads leads) {
        this.leads = leads;
    }

    /**
     * The open MQLs and SALs of {@code owner} or {@code team} (or all): hand-raisers first, then by
     * SLA due time; {@code limit} of them from {@code offset}, each with its {@code top} largest
     * ledger entries.
     */
    public Queue queue(Optional<String> owner, Optional<String> team, int top, int offset, int limit, long nowMillis) {
        return leads.read(nowMillis, s -> {
            List<Desk.CaseView> cases = s.handoff().reads().queue(owner, team);
            List<Entry> out = new ArrayList<>();
            int from = Math.min(offset, cases.size());
            int to = (int) Math.min(cases.size(), (long) offset + limit);
            for (Desk.CaseView c : cases.subList(from, to)) {
                Optional<LeadSnapshot> lead = s.engine().snapshot(c.leadId(), nowMillis);
                Optional<LeadSummary> summary = s.engine().summary(c.leadId(), nowMillis);
                if (lead.isPresent() && summary.isPresent()) {
                    List<LedgerEntry> why = lead.get().ledger().stream()
                            .sorted(Comparator.comparingDouble((LedgerEntry e) -> -Math.abs(e.points())))
                            .limit(top)
                            .toList();
                    out.add(new Entry(c, summary.get(), why));
                }
            }
            return new Queue(out, cases.size());
        });
    }
}
