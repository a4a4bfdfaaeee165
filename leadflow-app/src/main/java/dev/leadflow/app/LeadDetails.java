package dev.leadflow.app;

import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Transition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One lead as a salesperson opens it: its state and score ledger, its headline, every record
 * applied to it and its place in the hand-off, read under one lock; and what the hand-off did to it
 * ({@code events}, from the journal). The REST API and the dashboard both render {@link #timeline}.
 */
public record LeadDetails(
        LeadSnapshot snapshot,
        LeadSummary summary,
        List<Input> history,
        HandoffCase handoff,
        List<HandoffJournal.EventRow> events) {

    /** One line of a lead's timeline. */
    public sealed interface Entry {
        long at();

        /** A record applied to the lead. */
        record Recorded(Input input) implements Entry {
            @Override
            public long at() {
                return input.epochMillis();
            }
        }

        /** A change of stage. */
        record Moved(Transition transition) implements Entry {
            @Override
            public long at() {
                return transition.at();
            }
        }

        /** Something the hand-off did: an assignment, a warning, a breach, a nurture entry… */
        record HandedOff(HandoffJournal.EventRow event) implements Entry {
            @Override
            public long at() {
                return event.at();
            }
        }
    }

    /**
     * The records, stage changes and hand-off events in time order; at one instant a record comes
     * before the stage change it caused, and that before what the hand-off did about it.
     */
    public List<Entry> timeline() {
        record Ranked(long at, int rank, Entry entry) {}
        List<Ranked> all = new ArrayList<>();
        history.forEach(in -> all.add(new Ranked(in.epochMillis(), 0, new Entry.Recorded(in))));
        snapshot.transitions().forEach(t -> all.add(new Ranked(t.at(), 1, new Entry.Moved(t))));
        events.forEach(e -> all.add(new Ranked(e.at(), 2, new Entry.HandedOff(e))));
        all.sort(Comparator.comparingLong(Ranked::at).thenComparingInt(Ranked::rank)); // stable
        return all.stream().map(Ranked::entry).toList();
    }

    /** The lead read from {@code state} (the caller holds the lock), without its hand-off events yet. */
    static Optional<LeadDetails> read(Leads.State state, String leadId, long nowMillis) {
        return state.engine()
                .snapshot(leadId, nowMillis)
                .map(s -> new LeadDetails(
                        s,
                        state.engine().summary(leadId, nowMillis).orElseThrow(),
                        state.engine().history(leadId),
                        HandoffCase.of(state.handoff(), leadId),
                        List.of()));
    }

    /** The same lead with what the hand-off did to it, read from {@code journal}. */
    LeadDetails withEvents(HandoffJournal journal) {
        return new LeadDetails(snapshot, summary, history, handoff, journal.events(snapshot.id()));
    }
}
