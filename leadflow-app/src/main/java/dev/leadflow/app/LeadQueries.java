package dev.leadflow.app;

import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.model.Model;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Anyone looks leads up: a filtered page of them, one lead in full, counts. Each answer is read under one lock. */
public final class LeadQueries {

    /** One page of leads, by id, and how many leads matched in all. */
    public record Page(List<LeadSummary> leads, int total) {}

    private final Leads leads;
    private final HandoffJournal journal;

    LeadQueries(Leads leads, HandoffJournal journal) {
        this.leads = leads;
        this.journal = journal;
    }

    /**
     * The leads matching {@code filter} as of {@code nowMillis}, sorted by id, from {@code offset}:
     * one walk of the leads, a summary made only for those that pass the filter's cheap tests (for
     * the page alone when the filter has no test on summaries), the page kept by a heap.
     */
    public Page list(LeadFilter filter, int offset, int limit, long nowMillis) {
        return leads.read(nowMillis, s -> page(s.engine(), filter, offset, limit, nowMillis));
    }

    private static Page page(Engine engine, LeadFilter filter, int offset, int limit, long nowMillis) {
        int wanted = (int) Math.min(Integer.MAX_VALUE, (long) offset + limit);
        int[] total = {0};
        List<LeadSummary> found;
        Predicate<LeadSummary> test = filter.summaries();
        if (test == null) {
            Smallest<String> ids = new Smallest<>(wanted, Comparator.naturalOrder());
            engine.forEachSummary(
                    nowMillis,
                    (id, stage) -> {
                        if (filter.accepts(id, stage)) {
                            total[0]++;
                            ids.offer(id);
                        }
                        return false;
                    },
                    s -> {});
            found = ids.sorted().stream()
                    .skip(offset)
                    .map(id -> engine.summary(id, nowMillis).orElseThrow())
                    .toList();
        } else {
            Smallest<LeadSummary> summaries = new Smallest<>(wanted, Comparator.comparing(LeadSummary::id));
            engine.forEachSummary(nowMillis, filter::accepts, s -> {
                if (test.test(s)) {
                    total[0]++;
                    summaries.offer(s);
                }
            });
            found = summaries.sorted().stream().skip(offset).toList();
        }
        return new Page(found, total[0]);
    }

    /**
     * A lead in full as of {@code nowMillis} (timers up to then fired first): its state under one
     * lock, then its hand-off events from the journal.
     */
    public Optional<LeadDetails> details(String leadId, long nowMillis) {
        return leads.read(nowMillis, s -> LeadDetails.read(s, leadId, nowMillis))
                .map(d -> d.withEvents(journal));
    }

    /** A lead's state as of {@code nowMillis}. */
    public Optional<LeadSnapshot> lead(String leadId, long nowMillis) {
        return leads.read(nowMillis, s -> s.engine().snapshot(leadId, nowMillis));
    }

    /** A lead's headline as of {@code nowMillis}. */
    public Optional<LeadSummary> summary(String leadId, long nowMillis) {
        return leads.read(nowMillis, s -> s.engine().summary(leadId, nowMillis));
    }

    /** A lead's place in the hand-off, if any. */
    public HandoffCase handoffCase(String leadId) {
        return leads.inspect(s -> HandoffCase.of(s.handoff(), leadId));
    }

    /** Every lead id, sorted. */
    public List<String> leadIds() {
        return leads.inspect(s -> s.engine().leadIds());
    }

    public int leadCount() {
        return leads.inspect(s -> s.engine().leadCount());
    }

    /** How many leads are in each stage, as of the last timers fired. */
    public Map<Stage, Integer> stageCounts() {
        return leads.inspect(s -> s.engine().stageCounts());
    }

    /** The model scoring the leads. */
    public Model model() {
        return leads.inspect(s -> s.engine().model());
    }

    /** How many late records made a rebuild of their leads so far. */
    public long rebuilds() {
        return leads.rebuilds();
    }
}
