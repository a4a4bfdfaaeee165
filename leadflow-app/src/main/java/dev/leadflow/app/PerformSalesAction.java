package dev.leadflow.app;

import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.engine.Outcome;
import dev.leadflow.input.LifecycleCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A salesperson accepts, rejects, qualifies, wins or touches a lead. */
public final class PerformSalesAction {

    /** What a sales action did: applied (the lead as it is now) or refused (nothing stored). */
    public sealed interface Result {
        record Done(LeadDetails lead) implements Result {}

        record Refused(Outcome.Refused refusal) implements Result {}
    }

    private final Leads leads;
    private final HandoffJournal journal;

    PerformSalesAction(Leads leads, HandoffJournal journal) {
        this.leads = leads;
        this.journal = journal;
    }

    /**
     * Performs a sales action: refused without a trace when illegal, else stored durably and
     * applied (a repeated messageId is accepted and ignored, so a client may retry).
     */
    public Result perform(LifecycleCommand command, long receivedAtMillis) {
        Result result = leads.serially(() -> {
            Optional<Outcome.Refused> refusal = leads.inspect(s -> s.engine().refusal(command));
            if (refusal.isPresent()) {
                return new Result.Refused(refusal.get());
            }
            List<Outcome> outcomes = new ArrayList<>(1);
            leads.write(List.of(EncodedRecord.of(command)), receivedAtMillis, outcomes, null);
            long now = Math.max(receivedAtMillis, command.epochMillis());
            return leads.read(now, s -> {
                // applied in processing order it may still be refused (a record dated after it changed
                // the stage first); it stays stored, refused, exactly as replay will refuse it.
                if (!outcomes.isEmpty() && outcomes.get(0) instanceof Outcome.Refused refused) {
                    return new Result.Refused(refused);
                }
                String leadId = s.engine().leadOf(command.userId()).orElse(command.userId());
                return LeadDetails.read(s, leadId, now)
                        .<Result>map(Result.Done::new)
                        .orElseGet(() -> new Result.Refused(new Outcome.Refused(
                                Outcome.Kind.UNKNOWN_LEAD, "unknown lead '" + command.userId() + "'")));
            });
        });
        return result instanceof Result.Done done ? new Result.Done(done.lead().withEvents(journal)) : result;
    }
}
