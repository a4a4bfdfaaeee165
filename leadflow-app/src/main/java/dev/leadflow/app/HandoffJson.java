package dev.leadflow.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.HandoffConfig.Notice;
import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.handoff.Router.Skip;
import dev.leadflow.handoff.SlaClock;
import dev.leadflow.lifecycle.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The hand-off's events and webhook notices as JSON (docs/HANDOFF.md, "Deliveries"). */
final class HandoffJson {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The events and notices as records, components in snake_case ({@code firstTouch} as {@code first_touch}). */
    private static final ObjectMapper WRITER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .build();

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

    /** What the desk did (or what changed), as stored in {@code handoff_events} and sent as a notice's cause. */
    sealed interface Cause {}

    record Skipped(String member, String why) {}

    record Clock(String started, String warning, String due) {
        static @Nullable Clock of(@Nullable SlaClock c) {
            return c == null
                    ? null
                    : new Clock(
                            c.started().toString(),
                            c.warning().toString(),
                            c.due().toString());
        }
    }

    record AssignedCause(
            String type,
            String at,
            String team,
            String owner,
            @Nullable String rule,
            @Nullable String strategy,
            @Nullable String by,
            List<Skipped> skipped,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Clock accept,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Clock firstTouch)
            implements Cause {}

    record QueuedCause(
            String type, String at, String team, @Nullable String rule, List<Skipped> skipped) implements Cause {}

    record UnroutedCause(String type, String at, String why) implements Cause {}

    record WarningCause(String type, String at, @Nullable String owner, String clock, String due) implements Cause {}

    record BreachedCause(String type, String at, @Nullable String owner, String clock, int step) implements Cause {}

    record RecycleCause(String type, String at, @Nullable String owner, String clock) implements Cause {}

    record NurtureEnteredCause(
            String type, String at, String track, @Nullable String reason) implements Cause {}

    record NurtureExitedCause(
            String type, String at, String track, @Nullable String why) implements Cause {}

    record StageChanged(
            String type,
            String at,
            String from,
            String to,
            String actor,
            @Nullable String reason,
            int cycle) implements Cause {}

    record ScoreCrossed(
            String type, String at, String score, double threshold, String direction, double before, double after)
            implements Cause {}

    /** What the event says, without the lead's headline: the {@code cause} of a notice. */
    static Cause cause(HandoffEvent e) {
        String type = type(e);
        String at = e.at().toString();
        return switch (e) {
            case HandoffEvent.Assigned a ->
                new AssignedCause(
                        type,
                        at,
                        a.team(),
                        a.owner(),
                        a.rule(),
                        a.strategy(),
                        a.cause(),
                        skipped(a.skipped()),
                        Clock.of(a.accept()),
                        Clock.of(a.firstTouch()));
            case HandoffEvent.Queued q -> new QueuedCause(type, at, q.team(), q.rule(), skipped(q.skipped()));
            case HandoffEvent.Unrouted u -> new UnroutedCause(type, at, "no routing rule holds for the lead");
            case HandoffEvent.SlaWarning w ->
                new WarningCause(
                        type, at, w.owner(), w.clock().wireName(), w.due().toString());
            case HandoffEvent.SlaBreached b ->
                new BreachedCause(type, at, b.owner(), b.clock().wireName(), b.step());
            case HandoffEvent.RecycleRequested r ->
                new RecycleCause(type, at, r.owner(), r.clock().wireName());
            case HandoffEvent.NurtureEntered ne -> new NurtureEnteredCause(type, at, ne.track(), ne.reason());
            case HandoffEvent.NurtureExited nx -> new NurtureExitedCause(type, at, nx.track(), nx.why());
        };
    }

    static Cause stageChanged(Transition t) {
        return new StageChanged(
                "stage_changed",
                Instant.ofEpochMilli(t.at()).toString(),
                t.from().wireName(),
                t.to().wireName(),
                t.actor(),
                t.reason(),
                t.cycle());
    }

    static Cause scoreCrossed(String score, double threshold, double before, double after, long at) {
        return new ScoreCrossed(
                "score_crossed",
                Instant.ofEpochMilli(at).toString(),
                score,
                threshold,
                after >= threshold ? "up" : "down",
                before,
                after);
    }

    /** The lead a notice is about, as it is now (all but its id and hand-off absent when it is gone). */
    record NoticeLead(
            String id,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String stage,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Double fit,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Double engagement,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String grade,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Integer cycle,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String email,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String name,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String company,

            @Nullable String owner,
            @Nullable String team) {}

    /** A webhook notice: its id and type, the lead as it is, and the cause. */
    record NoticeBody(String id, String type, NoticeLead lead, Cause cause) {}

    /** A notice's body: its id and type, the lead as it is (id, stage, scores, owner) and the cause. */
    static String notice(
            String id,
            Notice notice,
            Optional<LeadSummary> lead,
            String leadId,
            Optional<Desk.CaseView> handoff,
            Cause cause) {
        NoticeLead l = new NoticeLead(
                leadId,
                lead.map(s -> s.stage().wireName()).orElse(null),
                lead.map(s -> round(s.fit())).orElse(null),
                lead.map(s -> round(s.engagement())).orElse(null),
                lead.flatMap(LeadSummary::grade).orElse(null),
                lead.map(LeadSummary::cycle).orElse(null),
                lead.flatMap(LeadSummary::email).orElse(null),
                lead.flatMap(LeadSummary::name).orElse(null),
                lead.flatMap(LeadSummary::company).orElse(null),
                handoff.flatMap(Desk.CaseView::owner).orElse(null),
                handoff.flatMap(Desk.CaseView::team).orElse(null));
        return write(new NoticeBody(id, notice.wireName(), l, cause));
    }

    /** {@code value} as one line of JSON. */
    static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the hand-off's records always write", e);
        }
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static List<Skipped> skipped(List<Skip> skipped) {
        return skipped.stream().map(s -> new Skipped(s.member(), s.why())).toList();
    }
}
