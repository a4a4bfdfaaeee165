package dev.leadflow.adapter.web;

import dev.leadflow.adapter.csv.LeadCsv;
import dev.leadflow.adapter.http.LeadQuery;
import dev.leadflow.app.LeadDetails;
import dev.leadflow.app.LeadQueries;
import dev.leadflow.app.PerformSalesAction;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.engine.Outcome;
import dev.leadflow.handoff.Desk;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.RejectReason;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.StateMachine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The lead list (searchable, filterable, exportable as CSV), a lead's page, and the sales actions
 * posted from it and from the queue. A sales user's list holds their own leads only, and another
 * rep's lead is "not found" to them, as it would be if it did not exist.
 */
final class LeadPages {

    /** A row of the list. */
    public record Row(
            String id,
            String name,
            String email,
            String company,
            String stage,
            String fit,
            String engagement,
            String grade,
            String owner,
            String mqlAt) {}

    /** A choice of a select: its value and label. */
    public record Choice(String value, String label) {}

    private final Dashboard dashboard;
    private final Dashboard.Services services;

    LeadPages(Dashboard dashboard, Dashboard.Services services) {
        this.dashboard = dashboard;
        this.services = services;
    }

    private Optional<String> ownerOf(String leadId) {
        return services.live().leadQueries().handoffCase(leadId).desk().flatMap(Desk.CaseView::owner);
    }

    /** The list's query: the form's fields, blanks left out, a sales user's owner forced to themselves. */
    private Map<String, List<String>> params(Dashboard.Request r) {
        Map<String, List<String>> params = new HashMap<>(r.ctx().queryParamMap());
        params.values().removeIf(v -> v.size() == 1 && v.getFirst().isBlank());
        r.onlyMember().ifPresent(member -> params.put("owner", List.of(member)));
        return params;
    }

    void list(Dashboard.Request r) {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> params = params(r);
        params.remove("format");
        LeadQuery query = LeadQuery.parse(params, problems, this::ownerOf);
        long now = services.clock().millis();
        LeadQueries.Page page = problems.isEmpty()
                ? services.live().leadQueries().list(query.filter(), query.offset(), query.limit(), now)
                : new LeadQueries.Page(List.of(), 0);
        Map<String, Object> model = new HashMap<>();
        model.put("page", "leads");
        model.put("problems", problems);
        model.put("rows", page.leads().stream().map(this::row).toList());
        model.put("total", page.total());
        model.put("offset", query.offset());
        model.put("limit", query.limit());
        model.put("q", first(r, "q"));
        model.put("stage", first(r, "stage"));
        model.put("grade", first(r, "grade"));
        model.put("owner", r.onlyMember().orElse(first(r, "owner")));
        model.put(
                "stages",
                Arrays.stream(Stage.values())
                        .map(s -> new Choice(s.wireName(), s.wireName()))
                        .toList());
        String query1 = r.ctx().queryString() == null ? "" : r.ctx().queryString();
        model.put("query", query1);
        model.put("previous", query.offset() > 0 ? link(r, Math.max(0, query.offset() - query.limit())) : null);
        model.put(
                "next", query.offset() + query.limit() < page.total() ? link(r, query.offset() + query.limit()) : null);
        dashboard.render(r, problems.isEmpty() ? 200 : 400, "leads", model);
    }

    private static String first(Dashboard.Request r, String name) {
        return Optional.ofNullable(r.ctx().queryParam(name)).orElse("");
    }

    /** The list's URL with the same filters, from {@code offset}. */
    private static String link(Dashboard.Request r, int offset) {
        StringBuilder url = new StringBuilder("/leads?offset=").append(offset);
        r.ctx().queryParamMap().forEach((name, values) -> {
            if (!name.equals("offset")) {
                values.forEach(v -> url.append('&')
                        .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            }
        });
        return url.toString();
    }

    private Row row(LeadSummary s) {
        return new Row(
                s.id(),
                s.name().orElse(""),
                s.email().orElse(""),
                s.company().orElse(""),
                s.stage().wireName(),
                String.format(java.util.Locale.ROOT, "%.0f", s.fit()),
                String.format(java.util.Locale.ROOT, "%.0f", s.engagement()),
                s.grade().orElse(""),
                ownerOf(s.id()).orElse(""),
                s.mqlAt().map(Times::format).orElse(""));
    }

    /** Every lead the list's filters match (paging ignored), as CSV. */
    void csv(Dashboard.Request r) {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> params = params(r);
        params.remove("offset");
        params.remove("limit");
        params.put("format", List.of("csv"));
        LeadQuery query = LeadQuery.parse(params, problems, this::ownerOf);
        if (!problems.isEmpty()) {
            dashboard.error(r, 400, "Cannot export", String.join("; ", problems));
            return;
        }
        LeadQueries.Page page = services.live()
                .leadQueries()
                .list(query.filter(), 0, Integer.MAX_VALUE, services.clock().millis());
        r.ctx().header("Content-Disposition", "attachment; filename=\"leads.csv\"");
        r.ctx().attribute(dev.leadflow.adapter.http.HttpServer.ANSWERED, true);
        r.ctx().contentType(LeadCsv.TYPE).result(LeadCsv.of(page.leads(), this::ownerOf));
    }

    /** Whether the user may see {@code leadId}: anyone but sales; sales, their own leads. */
    boolean visible(Dashboard.Request r, String leadId) {
        return r.onlyMember()
                .map(m -> ownerOf(leadId).map(m::equals).orElse(false))
                .orElse(true);
    }

    void show(Dashboard.Request r) {
        String id = r.ctx().pathParam("id");
        long now = services.clock().millis();
        Optional<LeadDetails> view =
                visible(r, id) ? services.live().leadQueries().details(id, now) : Optional.empty();
        if (view.isEmpty()) {
            dashboard.notFound(
                    r, "There is no lead '" + id + "'" + (r.onlyMember().isPresent() ? " in your queue." : "."));
            return;
        }
        Map<String, Object> model =
                new LeadView().model(view.get(), services.live().leadQueries().model(), now);
        model.put("page", "leads");
        model.put("actions", r.canAct() ? actions(view.get().snapshot().stage()) : List.of());
        model.put(
                "reasons",
                Arrays.stream(RejectReason.values())
                        .map(x -> new Choice(
                                x.wireName(),
                                x.wireName().replace('_', ' ') + " → "
                                        + x.destination().wireName()))
                        .toList());
        model.put(
                "channels",
                StateMachine.CHANNELS.stream().map(c -> new Choice(c, c)).toList());
        model.put("privacy", r.user().role() == dev.leadflow.app.port.Users.Role.ADMIN);
        model.put("erased", dev.leadflow.app.ErasePerson.erased(id));
        dashboard.render(r, 200, "lead", model);
    }

    /** {@code GET /leads/{id}/export} (admins): the person's export as a JSON download, audited. */
    void export(Dashboard.Request r) {
        String id = r.ctx().pathParam("id");
        long now = services.clock().millis();
        var export = new dev.leadflow.app.ExportPerson(services.live(), services.outbox()).export(id, r.actor(), now);
        if (export.isEmpty()) {
            dashboard.notFound(r, "There is no lead '" + id + "'.");
            return;
        }
        r.ctx()
                .header("Content-Disposition", "attachment; filename=\"leadflow-export.json\"")
                .contentType("application/json")
                .result(dev.leadflow.adapter.http.PersonExport.json(export.get(), now));
    }

    /**
     * {@code POST /leads/{id}/erase} (admins): {@code reason} and {@code confirm}; then to what
     * remains, the pseudonymous lead, with what happened.
     */
    void erase(Dashboard.Request r) {
        String id = r.ctx().pathParam("id");
        String back = "/leads/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        String reason = Optional.ofNullable(r.ctx().formParam("reason")).orElse("");
        if (!"yes".equals(r.ctx().formParam("confirm"))) {
            dashboard.redirect(r, back, "To erase, give the request's reason and tick the confirmation.");
            return;
        }
        switch (services.live()
                .erasePerson()
                .erase(id, reason, r.actor(), services.clock().millis())) {
            case dev.leadflow.app.ErasePerson.Result.Erased e ->
                dashboard.redirect(
                        r,
                        "/leads/" + URLEncoder.encode(e.pseudonym(), StandardCharsets.UTF_8),
                        "Erased: the person's data is gone; this pseudonymous lead keeps the funnel's counts ("
                                + e.records() + " records rewritten"
                                + (e.unmatched().isEmpty() ? "" : "; left out: " + e.unmatched()) + ").");
            case dev.leadflow.app.ErasePerson.Result.AlreadyErased a ->
                dashboard.redirect(r, back, "This lead is erased already; nothing changed.");
            case dev.leadflow.app.ErasePerson.Result.Unknown u ->
                dashboard.notFound(r, "There is no lead '" + id + "'.");
            case dev.leadflow.app.ErasePerson.Result.BadReason b ->
                dashboard.redirect(
                        r, back, "To erase, give the request's " + b.message() + ", and tick the confirmation.");
        }
    }

    /** The actions the stage allows, as the dashboard offers them. */
    static List<String> actions(Stage stage) {
        return StateMachine.allowed(stage).stream().map(Action::wireName).toList();
    }

    /**
     * {@code POST /leads/{id}/act}: {@code action}, and {@code reason} for a reject or
     * {@code channel} for a touch; then back to {@code back} (the queue or the lead) with what happened.
     */
    void act(Dashboard.Request r) {
        String id = r.ctx().pathParam("id");
        String back = "/queue".equals(r.ctx().formParam("back"))
                ? "/queue"
                : "/leads/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        if (!visible(r, id)
                || services.live()
                        .leadQueries()
                        .lead(id, services.clock().millis())
                        .isEmpty()) {
            dashboard.notFound(
                    r, "There is no lead '" + id + "'" + (r.onlyMember().isPresent() ? " in your queue." : "."));
            return;
        }
        Optional<Action> action =
                Optional.ofNullable(r.ctx().formParam("action")).flatMap(Action::fromWire);
        if (action.isEmpty()) {
            dashboard.redirect(r, back, "Choose an action (one of " + Action.wireNames() + ").");
            return;
        }
        String reason = action.get() == Action.TOUCH
                ? r.ctx().formParam("channel")
                : r.ctx().formParam("reason");
        String note = Optional.ofNullable(r.ctx().formParam("note"))
                .filter(n -> !n.isBlank())
                .orElse(null);
        Instant now = services.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        LifecycleCommand command = new LifecycleCommand(
                "web-" + UUID.randomUUID(),
                now,
                id,
                action.get(),
                reason == null || reason.isBlank() ? null : reason,
                note,
                r.user().username(),
                null);
        switch (services.live().performSalesAction().perform(command, now.toEpochMilli())) {
            case PerformSalesAction.Result.Done done ->
                dashboard.redirect(
                        r,
                        back,
                        "Lead " + id + ": " + action.get().wireName() + " done; now "
                                + done.lead().snapshot().stage().wireName() + ".");
            case PerformSalesAction.Result.Refused refused ->
                dashboard.redirect(r, back, "Lead " + id + ": " + message(refused.refusal()));
        }
    }

    private static String message(Outcome.Refused refusal) {
        return refusal.message();
    }
}
