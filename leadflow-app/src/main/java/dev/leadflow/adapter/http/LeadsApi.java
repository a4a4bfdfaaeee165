package dev.leadflow.adapter.http;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.adapter.csv.LeadCsv;
import dev.leadflow.adapter.json.LeadJson;
import dev.leadflow.app.ErasePerson;
import dev.leadflow.app.ExportPerson;
import dev.leadflow.app.LeadDetails;
import dev.leadflow.app.LeadQueries;
import dev.leadflow.app.Leadflow;
import dev.leadflow.app.PerformSalesAction;
import dev.leadflow.app.port.Keys;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.engine.Outcome;
import dev.leadflow.handoff.Desk;
import dev.leadflow.input.InputCodec;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.StateMachine;
import dev.leadflow.lifecycle.Transition;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The leads API: {@code GET /api/leads} (filters, paging), {@code GET /api/leads/{id}} (the lead
 * with its ledger and timeline) and {@code POST /api/leads/{id}/actions} (sales actions).
 * Scores are computed at request time. A lead's fields are the replay format's, plus the rest.
 */
final class LeadsApi {

    private static final Set<String> ACTION_FIELDS =
            Set.of("action", "reason", "channel", "note", "amount", "messageId");
    private static final int ACTION_BODY_LIMIT = 16 * 1024;

    private final Leadflow live;
    private final InstantSource clock;
    private final dev.leadflow.app.port.WebhookOutbox outbox;
    private static final InputCodec CODEC = new InputCodec();

    LeadsApi(Leadflow live, dev.leadflow.app.port.WebhookOutbox outbox, InstantSource clock) {
        this.live = live;
        this.outbox = outbox;
        this.clock = clock;
    }

    void routes(Routes routes) {
        routes.add("GET", "/api/leads", Access.READ, (ctx, key) -> list(ctx));
        routes.add("GET", "/api/leads/{id}", Access.READ, (ctx, key) -> get(ctx));
        routes.add("GET", "/api/leads/{id}/export", Access.ADMIN, this::export);
        routes.add("POST", "/api/leads/{id}/erase", Access.ADMIN, this::erase);
        routes.add("POST", "/api/leads/{id}/actions", Access.ACT, this::act);
    }

    void list(Context ctx) {
        List<String> problems = new ArrayList<>();
        LeadQuery query = LeadQuery.parse(ctx.queryParamMap(), problems, this::ownerOf);
        if (!problems.isEmpty()) {
            Answers.error(ctx, 400, "invalid query", problems);
            return;
        }
        long now = clock.millis();
        LeadQueries.Page page = live.leadQueries().list(query.filter(), query.offset(), query.limit(), now);
        if (query.csv()) {
            Answers.text(ctx, 200, LeadCsv.TYPE, LeadCsv.of(page.leads(), this::ownerOf));
            return;
        }
        Answers.json(
                ctx,
                200,
                new Page(
                        LeadJson.time(now),
                        page.total(),
                        query.offset(),
                        query.limit(),
                        page.leads().stream()
                                .map(s -> Row.of(s, ownerOf(s.id())))
                                .toList()));
    }

    /** {@code GET /api/leads}: one page of the leads matching the query, and how many matched. */
    record Page(String at, int total, int offset, int limit, List<Row> leads) {}

    /** A lead's headline in a list. */
    record Row(
            String lead,
            String stage,
            double fit,
            double engagement,
            @Nullable String grade,
            int cycle,
            @Nullable String mqlAt,
            @Nullable String owner,
            @Nullable String email,
            @Nullable String name,
            @Nullable String company) {
        static Row of(LeadSummary s, java.util.Optional<String> owner) {
            return new Row(
                    s.id(),
                    s.stage().wireName(),
                    s.fit(),
                    s.engagement(),
                    s.grade().orElse(null),
                    s.cycle(),
                    s.mqlAt().map(LeadJson::time).orElse(null),
                    owner.orElse(null),
                    s.email().orElse(null),
                    s.name().orElse(null),
                    s.company().orElse(null));
        }
    }

    private java.util.Optional<String> ownerOf(String leadId) {
        return live.leadQueries().handoffCase(leadId).desk().flatMap(Desk.CaseView::owner);
    }

    void get(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        long now = clock.millis();
        var view = live.leadQueries().details(id, now);
        if (view.isEmpty()) {
            Answers.error(ctx, 404, "unknown lead '" + id + "'");
            return;
        }
        Answers.json(ctx, 200, leadBody(view.get(), now));
    }

    /** {@code GET /api/leads/{id}/export} (admin): everything held about the person, audited. */
    void export(Context ctx, Keys.Key key) {
        String id = ctx.pathParam("id");
        long now = clock.millis();
        var export = new ExportPerson(live, outbox).export(id, ApiKeys.actor(ctx, key), now);
        if (export.isEmpty()) {
            Answers.error(ctx, 404, "unknown lead '" + id + "'");
            return;
        }
        ctx.header("Content-Disposition", "attachment; filename=\"leadflow-export.json\"");
        Answers.json(ctx, 200, PersonExport.body(export.get(), now));
    }

    /** {@code POST /api/leads/{id}/erase}: what remains of the lead. */
    record Erased(String lead, boolean alreadyErased, int records, List<String> unmatched) {}

    /** {@code POST /api/leads/{id}/erase} (admin) with {@code {"reason": …}}: erases the person, audited. */
    void erase(Context ctx, Keys.Key key) throws IOException {
        String id = ctx.pathParam("id");
        JsonNode body;
        try {
            body = Answers.JSON.readTree(
                    SegmentRequests.readBody(ctx.req(), 4096, "the request", "the limit for an erasure"));
        } catch (SegmentRequests.BadRequest e) {
            Answers.error(ctx, e.status(), e.getMessage());
            return;
        } catch (IOException e) {
            Answers.error(ctx, 400, "the body is not valid JSON: {\"reason\": \"…\"}");
            return;
        }
        String reason = body != null && body.path("reason").isTextual()
                ? body.get("reason").asText()
                : "";
        switch (live.erasePerson().erase(id, reason, ApiKeys.actor(ctx, key), clock.millis())) {
            case ErasePerson.Result.Erased e ->
                Answers.json(ctx, 200, new Erased(e.pseudonym(), false, e.records(), List.copyOf(e.unmatched())));
            case ErasePerson.Result.AlreadyErased a ->
                Answers.json(ctx, 200, new Erased(a.pseudonym(), true, 0, List.of()));
            case ErasePerson.Result.Unknown u -> Answers.error(ctx, 404, "unknown lead '" + id + "'");
            case ErasePerson.Result.BadReason b -> Answers.error(ctx, 400, b.message());
        }
    }

    void act(Context ctx, Keys.Key key) throws IOException {
        String id = ctx.pathParam("id");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] bytes;
        try {
            bytes = SegmentRequests.readBody(ctx.req(), ACTION_BODY_LIMIT, "the request", "the limit for an action");
        } catch (SegmentRequests.BadRequest e) {
            Answers.error(ctx, e.status(), e.getMessage());
            return;
        }
        JsonNode body;
        try {
            body = Answers.JSON.readTree(bytes);
        } catch (IOException e) {
            Answers.error(ctx, 400, "the body is not valid JSON");
            return;
        }
        if (!(body instanceof ObjectNode request)) {
            Answers.error(ctx, 400, "the body must be a JSON object: {\"action\": \"accept\", \"reason\": …}");
            return;
        }
        List<String> unknown = new ArrayList<>();
        request.fieldNames().forEachRemaining(f -> {
            if (!ACTION_FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            Answers.error(
                    ctx,
                    400,
                    "unknown field" + (unknown.size() == 1 ? " '" : "s '") + String.join("', '", unknown)
                            + "' (known: action, reason, channel, note, amount, messageId)");
            return;
        }
        if (!request.hasNonNull("action")) {
            Answers.error(ctx, 400, "action: required, one of " + Action.wireNames());
            return;
        }
        ObjectNode record = request.deepCopy();
        if (record.has("channel")) { // a touch's channel is the record's reason
            if (record.hasNonNull("reason")) {
                Answers.error(ctx, 400, "give a touch's channel as 'channel' or 'reason', not both");
                return;
            }
            record.set("reason", record.remove("channel"));
        }
        record.put("type", "lifecycle");
        record.put("userId", id);
        record.put("timestamp", dev.leadflow.input.Timestamps.format(now));
        record.put("actor", "key:" + key.id());
        if (!record.hasNonNull("messageId")) {
            record.put("messageId", "api-" + UUID.randomUUID());
        }
        LifecycleCommand command;
        switch (CODEC.parse(record, now)) {
            case InputCodec.Parsed.Valid v when v.input() instanceof LifecycleCommand c -> command = c;
            case InputCodec.Parsed.Valid v -> throw new IllegalStateException("not an action: " + v.input());
            case InputCodec.Parsed.Invalid bad -> {
                Answers.error(ctx, 400, bad.message());
                return;
            }
        }
        switch (live.performSalesAction().perform(command, now.toEpochMilli())) {
            case PerformSalesAction.Result.Done done ->
                Answers.json(ctx, 200, leadBody(done.lead(), now.toEpochMilli()));
            case PerformSalesAction.Result.Refused refused -> refuse(ctx, id, refused.refusal(), now.toEpochMilli());
        }
    }

    private void refuse(Context ctx, String id, Outcome.Refused refusal, long now) {
        switch (refusal.kind()) {
            case UNKNOWN_LEAD -> Answers.error(ctx, 404, refusal.message());
            case BAD_REASON -> Answers.error(ctx, 400, refusal.message());
            case NOT_ALLOWED -> {
                List<String> allowed = live.leadQueries()
                        .lead(id, now)
                        .map(l -> StateMachine.allowed(l.stage()).stream()
                                .map(Action::wireName)
                                .toList())
                        .orElse(List.of());
                Answers.json(ctx, 409, new NotAllowed(refusal.message(), List.of(), allowed));
            }
        }
    }

    /** The lead as the replay format prints it, then its profile, identities and timeline. */
    static LeadBody leadBody(LeadDetails view, long now) {
        return new LeadBody(
                LeadJson.Lead.of(view.snapshot(), true),
                LeadJson.time(now),
                view.handoff().desk().flatMap(Desk.CaseView::owner).orElse(null),
                HandoffApi.caseBody(view.handoff(), now),
                view.events().stream().map(e -> new Raw(e.body())).toList(),
                new TreeMap<>(view.snapshot().profile()),
                view.snapshot().anonymousIds(),
                view.timeline().stream().map(LeadsApi::entry).toList());
    }

    /**
     * {@code GET /api/leads/{id}}: the lead as replay prints it, then what the API adds: the instant
     * it was scored at, its owner and hand-off case, what the hand-off did, its profile, its
     * cookies, and the timeline.
     */
    record LeadBody(
            @JsonUnwrapped LeadJson.Lead lead,
            String at,
            @Nullable String owner,
            HandoffApi.CaseBody handoff,
            List<Raw> handoffEvents,
            Map<String, Object> profile,
            List<String> anonymousIds,
            List<Object> timeline) {}

    /** An action the lead's stage does not allow: the error, and the actions it allows. */
    record NotAllowed(String error, List<String> details, List<String> allowed) {}

    /** JSON stored as text (a record, a hand-off event), written as it is rather than parsed again. */
    record Raw(@JsonValue @JsonRawValue String json) {}

    record RecordEntry(String at, String kind, Raw record) {}

    record MoveEntry(
            String at,
            String kind,
            String from,
            String to,
            String actor,
            @Nullable String reason,
            int cycle) {}

    record HandoffEntry(String at, String kind, String type, Raw event) {}

    /** A timeline entry: a record, a transition or a hand-off event, with its instant. */
    private static Object entry(LeadDetails.Entry entry) {
        String at = LeadJson.time(entry.at());
        return switch (entry) {
            case LeadDetails.Entry.Recorded r -> new RecordEntry(at, "record", new Raw(CODEC.write(r.input())));
            case LeadDetails.Entry.Moved m -> {
                Transition t = m.transition();
                yield new MoveEntry(
                        at, "transition", t.from().wireName(), t.to().wireName(), t.actor(), t.reason(), t.cycle());
            }
            case LeadDetails.Entry.HandedOff h ->
                new HandoffEntry(
                        at, "handoff", h.event().type(), new Raw(h.event().body()));
        };
    }
}
