package dev.leadflow.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.adapter.json.LeadJson;
import dev.leadflow.app.ConfigureHandoff;
import dev.leadflow.app.HandoffCase;
import dev.leadflow.app.Leadflow;
import dev.leadflow.app.SalesQueue;
import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.app.port.Keys;
import dev.leadflow.app.port.WebhookOutbox;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.handoff.HandoffParser;
import dev.leadflow.handoff.SlaClock;
import dev.leadflow.model.ConfigChecks;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The hand-off API: {@code GET/PUT /api/handoff} (the configuration, secrets never shown; a new
 * one that does not validate is refused with every error by path), {@code GET /api/queue} (a
 * sales queue), {@code POST /api/leads/{id}/assign} (reassign by hand) and the webhook delivery
 * log: {@code GET /api/webhooks/deliveries[/{id}]}, {@code POST …/{id}/redeliver}.
 */
final class HandoffApi {

    /** What the API shows in place of a webhook secret; sent back in a PUT, it keeps the secret. */
    static final String REDACTED = "<redacted>";

    private static final int CONFIG_LIMIT = 256 * 1024;
    private static final int DEFAULT_TOP = 3;
    /** Leads of a queue per answer unless asked: the most urgent; {@code offset} pages on. */
    static final int DEFAULT_QUEUE_LIMIT = 100;

    static final int MAX_QUEUE_LIMIT = 500;

    private final Leadflow live;
    private final WebhookOutbox outbox;
    private final InstantSource clock;

    HandoffApi(Leadflow live, WebhookOutbox outbox, InstantSource clock) {
        this.live = live;
        this.outbox = outbox;
        this.clock = clock;
    }

    void routes(Routes routes) {
        routes.add("GET", "/api/handoff", Access.READ, (ctx, key) -> get(ctx));
        routes.add("PUT", "/api/handoff", Access.ADMIN, this::put);
        routes.add("GET", "/api/queue", Access.READ, (ctx, key) -> queue(ctx));
        routes.add("POST", "/api/leads/{id}/assign", Access.ACT, (ctx, key) -> assign(ctx));
        routes.add("GET", "/api/webhooks/deliveries", Access.ADMIN, (ctx, key) -> deliveries(ctx));
        routes.add("GET", "/api/webhooks/deliveries/{id}", Access.ADMIN, (ctx, key) -> delivery(ctx));
        routes.add("POST", "/api/webhooks/deliveries/{id}/redeliver", Access.ADMIN, this::redeliver);
    }

    /**
     * {@code GET /api/handoff}: the configuration in force (secrets redacted), its version and how
     * many teams and webhooks it has; before the first, version and config are null.
     */
    record State(
            @Nullable Long version,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String createdAt,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String createdBy,

            JsonNode config,
            int teams,
            int webhooks) {}

    void get(Context ctx) {
        ConfigureHandoff.State state = live.configureHandoff().current();
        Optional<HandoffJournal.Version> v = state.version();
        Answers.json(
                ctx,
                200,
                new State(
                        v.map(HandoffJournal.Version::version).orElse(null),
                        v.map(x -> LeadJson.time(x.createdAt())).orElse(null),
                        v.map(HandoffJournal.Version::createdBy).orElse(null),
                        v.map(x -> redacted(x.yaml())).orElse(Answers.JSON.nullNode()),
                        state.config().teams().size(),
                        state.config().webhooks().size()));
    }

    void put(Context ctx, Keys.Key key) throws IOException {
        String text;
        try {
            text = new String(
                    SegmentRequests.readBody(
                            ctx.req(), CONFIG_LIMIT, "the configuration", "the limit for a hand-off configuration"),
                    StandardCharsets.UTF_8);
        } catch (SegmentRequests.BadRequest e) {
            Answers.error(ctx, e.status(), e.getMessage());
            return;
        }
        String yaml = keepSecrets(text);
        switch (new HandoffParser().parse(yaml)) {
            case HandoffParser.Result.Valid v -> {
                live.configureHandoff().configure(yaml, v.config(), clock.millis(), ApiKeys.actor(ctx, key));
                get(ctx);
            }
            case HandoffParser.Result.Invalid invalid -> {
                List<Answers.PathError> details = Answers.PathError.of(invalid.errors());
                int n = invalid.errors().size();
                Answers.error(
                        ctx,
                        400,
                        "the hand-off configuration is invalid (" + n + (n == 1 ? " error)" : " errors)"),
                        details);
            }
        }
    }

    /** The text with each {@value #REDACTED} secret replaced by the current secret of the webhook of that name. */
    private String keepSecrets(String text) {
        JsonNode root = ConfigChecks.readYaml(text, new ArrayList<>());
        if (root == null || !root.path("webhooks").isArray()) {
            return text;
        }
        boolean changed = false;
        for (JsonNode w : root.get("webhooks")) {
            if (w instanceof ObjectNode o && REDACTED.equals(o.path("secret").asText(null))) {
                Optional<HandoffConfig.Webhook> current = live.configureHandoff().current().config().webhooks().stream()
                        .filter(c -> c.name().equals(o.path("name").asText()))
                        .findFirst();
                if (current.isPresent()) {
                    o.put("secret", current.get().secret());
                    changed = true;
                }
            }
        }
        return changed ? root.toString() : text; // JSON is YAML
    }

    private static JsonNode redacted(String yaml) {
        JsonNode root = ConfigChecks.readYaml(yaml, new ArrayList<>());
        if (root != null && root.path("webhooks").isArray()) {
            for (JsonNode w : root.get("webhooks")) {
                if (w instanceof ObjectNode o && o.has("secret")) {
                    o.put("secret", REDACTED);
                }
            }
        }
        return root == null ? Answers.JSON.nullNode() : root;
    }

    void queue(Context ctx) {
        Optional<String> owner = Optional.ofNullable(ctx.queryParam("owner")).filter(s -> !s.isBlank());
        Optional<String> team = Optional.ofNullable(ctx.queryParam("team")).filter(s -> !s.isBlank());
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> params = ctx.queryParamMap();
        int top = LeadQuery.integer(params, "top", DEFAULT_TOP, 0, 50, problems);
        int limit = LeadQuery.integer(params, "limit", DEFAULT_QUEUE_LIMIT, 1, MAX_QUEUE_LIMIT, problems);
        int offset = LeadQuery.integer(params, "offset", 0, 0, Integer.MAX_VALUE, problems);
        if (!problems.isEmpty()) {
            Answers.error(ctx, 400, String.join("; ", problems), problems);
            return;
        }
        HandoffConfig config = live.configureHandoff().current().config();
        if (owner.isPresent()
                && config.teams().stream()
                        .flatMap(t -> t.members().stream())
                        .noneMatch(m -> m.id().equals(owner.get()))) {
            Answers.error(ctx, 404, "no member '" + owner.get() + "' in the hand-off configuration");
            return;
        }
        if (team.isPresent() && config.team(team.get()).isEmpty()) {
            Answers.error(ctx, 404, "no team '" + team.get() + "' in the hand-off configuration");
            return;
        }
        long now = clock.millis();
        SalesQueue.Queue queue = live.salesQueue().queue(owner, team, top, offset, limit, now);
        Answers.json(
                ctx,
                200,
                new Queue(
                        LeadJson.time(now),
                        owner.orElse(null),
                        team.orElse(null),
                        queue.total(),
                        offset,
                        limit,
                        queue.leads().stream().map(e -> QueueEntry.of(e, now)).toList()));
    }

    /** {@code GET /api/queue}: the open MQLs and SALs of an owner or team (or all), most urgent first. */
    record Queue(
            String at,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String owner,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String team,

            int total,
            int offset,
            int limit,
            List<QueueEntry> leads) {}

    /** A lead of the queue: its headline, its hand-off case, and the largest reasons for its score. */
    record QueueEntry(
            String id,
            String stage,
            double fit,
            double engagement,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String grade,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String name,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String company,

            @JsonUnwrapped CaseBody handoff,
            List<Why> why) {
        static QueueEntry of(SalesQueue.Entry e, long now) {
            return new QueueEntry(
                    e.lead().id(),
                    e.lead().stage().wireName(),
                    e.lead().fit(),
                    e.lead().engagement(),
                    e.lead().grade().orElse(null),
                    e.lead().name().orElse(null),
                    e.lead().company().orElse(null),
                    caseBody(new HandoffCase(Optional.of(e.handoff()), Optional.empty()), now),
                    e.why().stream()
                            .map(w -> new Why(w.rule(), w.score().wireName(), w.points()))
                            .toList());
        }
    }

    /** A ledger line that explains a queued lead's score. */
    record Why(String rule, String score, double points) {}

    /** A lead's place in the hand-off, as the API shows it: {@link Outside} or {@link Inside}. */
    sealed interface CaseBody permits Outside, Inside {}

    /** A lead not in the hand-off (not an open MQL or SAL): only its nurture track, if any. */
    record Outside(
            @Nullable String owner,
            boolean inHandoff,
            @Nullable String nurtureTrack) implements CaseBody {}

    /** A lead in the hand-off: who has it, its team, whether it waits, its clocks. */
    record Inside(
            boolean inHandoff,
            @Nullable String owner,
            @Nullable String team,
            boolean queued,
            boolean handRaiser,
            String mqlAt,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String assignedAt,

            @Nullable Clock accept,
            @Nullable Clock firstTouch,
            @Nullable String nurtureTrack)
            implements CaseBody {}

    /** An SLA clock: started, warning and due instants, and whether it runs, was kept or breached. */
    record Clock(String started, String warning, String due, String state) {
        static @Nullable Clock of(Optional<SlaClock> clock, boolean kept, long now) {
            return clock.map(c -> new Clock(
                            LeadJson.time(c.started().toEpochMilli()),
                            LeadJson.time(c.warning().toEpochMilli()),
                            LeadJson.time(c.due().toEpochMilli()),
                            kept ? "kept" : c.due().toEpochMilli() <= now ? "breached" : "running"))
                    .orElse(null);
        }
    }

    /** {@code POST /api/leads/{id}/assign}: the lead's hand-off case after the reassignment. */
    record Assigned(@JsonUnwrapped CaseBody handoff, String id) {}

    /** A lead's hand-off: owner, team, whether it waits, its clocks (running, stopped, breached) and its track. */
    static CaseBody caseBody(HandoffCase c, long now) {
        if (c.desk().isEmpty()) {
            return new Outside(null, false, c.track().orElse(null));
        }
        Desk.CaseView v = c.desk().get();
        return new Inside(
                true,
                v.owner().orElse(null),
                v.team().orElse(null),
                v.owner().isEmpty() && v.team().isPresent(),
                v.handRaiser(),
                LeadJson.time(v.mqlAt().toEpochMilli()),
                v.assignedAt().map(a -> LeadJson.time(a.toEpochMilli())).orElse(null),
                Clock.of(v.accept(), v.accepted(), now),
                Clock.of(v.firstTouch(), v.touched(), now),
                c.track().orElse(null));
    }

    void assign(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        JsonNode body;
        try {
            body = Answers.JSON.readTree(SegmentRequests.readBody(ctx.req(), 4096, "the request", "the limit"));
        } catch (SegmentRequests.BadRequest e) {
            Answers.error(ctx, e.status(), e.getMessage());
            return;
        } catch (IOException e) {
            Answers.error(ctx, 400, "the body is not valid JSON");
            return;
        }
        if (body == null || !body.path("owner").isTextual()) {
            Answers.error(ctx, 400, "the body must be a JSON object naming the new owner: {\"owner\": \"member-id\"}");
            return;
        }
        String member = body.get("owner").asText();
        if (live.configureHandoff().current().config().teams().stream()
                .flatMap(t -> t.members().stream())
                .noneMatch(m -> m.id().equals(member))) {
            Answers.error(ctx, 400, "owner: no member '" + member + "' in the hand-off configuration");
            return;
        }
        if (!live.reassignLead().reassign(id, member, clock.millis())) {
            Answers.error(ctx, 404, "lead '" + id + "' is not in the hand-off (only MQLs and SALs have owners)");
            return;
        }
        Answers.json(ctx, 200, new Assigned(caseBody(live.leadQueries().handoffCase(id), clock.millis()), id));
    }

    void deliveries(Context ctx) {
        String stateParam = Optional.ofNullable(ctx.queryParam("state")).orElse("dead");
        Optional<WebhookOutbox.State> state = List.of(WebhookOutbox.State.values()).stream()
                .filter(s -> s.name().toLowerCase(Locale.ROOT).equals(stateParam))
                .findFirst();
        if (state.isEmpty()) {
            Answers.error(ctx, 400, "state: one of pending, delivered, dead; not '" + stateParam + "'");
            return;
        }
        Answers.json(
                ctx,
                200,
                new Deliveries(
                        stateParam,
                        outbox.list(state.get(), 100).stream().map(Row::of).toList()));
    }

    void delivery(Context ctx) throws IOException {
        Optional<WebhookOutbox.Row> row = outbox.get(ctx.pathParam("id"));
        if (row.isEmpty()) {
            Answers.error(ctx, 404, "no delivery '" + ctx.pathParam("id") + "'");
            return;
        }
        Answers.json(
                ctx,
                200,
                new Delivery(
                        Row.of(row.get()),
                        Answers.JSON.readTree(row.get().body()),
                        outbox.log(row.get().id()).stream()
                                .map(a -> new Attempt(
                                        a.attempt(), LeadJson.time(a.at()), a.status(), a.error(), a.millis()))
                                .toList()));
    }

    void redeliver(Context ctx, Keys.Key key) throws IOException {
        try {
            SegmentRequests.readBody(ctx.req(), 4096, "the request", "the limit"); // no body is needed; any is read
        } catch (SegmentRequests.BadRequest ignored) {
            // too long: ignored as well
        }
        String id = ctx.pathParam("id");
        if (outbox.get(id).isEmpty()) {
            Answers.error(ctx, 404, "no delivery '" + id + "'");
        } else if (!outbox.redeliver(id, clock.millis())) {
            Answers.error(ctx, 409, "delivery '" + id + "' is still pending: it is retried by itself");
        } else {
            Row row = Row.of(outbox.get(id).orElseThrow());
            live.auditLog()
                    .append(
                            clock.millis(),
                            ApiKeys.actor(ctx, key),
                            dev.leadflow.app.port.AuditLog.Action.WEBHOOK_REDELIVERED,
                            id,
                            java.util.Map.of("webhook", row.webhook(), "notice", row.notice()));
            Answers.json(ctx, 202, row);
        }
    }

    /** A webhook delivery as the API shows it. */
    record Row(
            String id,
            String webhook,
            String notice,
            String lead,
            String state,
            int attempts,
            @Nullable String nextAttemptAt,
            @Nullable String deliveredAt,
            @Nullable String lastError) {
        static Row of(WebhookOutbox.Row r) {
            return new Row(
                    r.id(),
                    r.webhook(),
                    r.notice(),
                    r.leadId(),
                    r.state().name().toLowerCase(Locale.ROOT),
                    r.attempts(),
                    r.state() == WebhookOutbox.State.PENDING ? LeadJson.time(r.nextAttemptAt()) : null,
                    r.deliveredAt() == null ? null : LeadJson.time(r.deliveredAt()),
                    r.lastError());
        }
    }

    /** {@code GET /api/webhooks/deliveries}: the deliveries in one state, newest first. */
    record Deliveries(String state, List<Row> deliveries) {}

    /** One try of a delivery. */
    record Attempt(
            int attempt,
            String at,
            @Nullable Integer status,
            @Nullable String error,
            long millis) {}

    /** {@code GET /api/webhooks/deliveries/{id}}: the delivery, the body it sends, every attempt. */
    record Delivery(@JsonUnwrapped Row row, JsonNode body, List<Attempt> attempts) {}
}
