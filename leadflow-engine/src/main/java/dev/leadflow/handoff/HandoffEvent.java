package dev.leadflow.handoff;

import dev.leadflow.handoff.Router.Skip;
import dev.leadflow.handoff.SlaClock.Kind;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the hand-off did to a lead, at an instant: the facts behind the API, the webhooks and the reports. */
public sealed interface HandoffEvent {

    String leadId();

    Instant at();

    /**
     * The lead got an owner (at MQL, from the queue, by escalation or by hand), and its clocks
     * started: {@code accept} and {@code firstTouch} are null when that promise was already kept.
     */
    record Assigned(
            String leadId,
            Instant at,
            String team,
            String owner,
            String rule,
            String strategy,
            List<Skip> skipped,
            String cause,
            @Nullable SlaClock accept,
            @Nullable SlaClock firstTouch)
            implements HandoffEvent {}

    /** The rule chose a team but nobody there could take the lead: it waits in the team's queue. */
    record Queued(String leadId, Instant at, String team, String rule, List<Skip> skipped) implements HandoffEvent {}

    /** No routing rule held: the MQL has no owner. */
    record Unrouted(String leadId, Instant at) implements HandoffEvent {}

    /** {@code warnAt} of a clock's time has passed; {@code owner} is null for a queued lead (its team's clock). */
    record SlaWarning(String leadId, Instant at, @Nullable String owner, Kind clock, Instant due)
            implements HandoffEvent {}

    /** A clock ran out; {@code step} is the escalation step that re-notifies (0 for the breach itself). */
    record SlaBreached(String leadId, Instant at, @Nullable String owner, Kind clock, int step)
            implements HandoffEvent {}

    /** An escalation step returns the lead to marketing: the engine recycles it (reason {@code sla_breach}). */
    record RecycleRequested(
            String leadId, Instant at, @Nullable String owner, Kind clock) implements HandoffEvent {}

    /** A recycled lead entered a nurture track. */
    record NurtureEntered(
            String leadId,
            Instant at,
            String track,
            @Nullable String reason) implements HandoffEvent {}

    /** A lead left its nurture track: it re-qualified or was disqualified. */
    record NurtureExited(String leadId, Instant at, String track, String why) implements HandoffEvent {}
}
