package dev.leadflow.adapter.web;

import dev.leadflow.app.port.AuditLog;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The audit log for admins (docs/PRIVACY.md, "Audit log"): privileged actions newest first, a
 * hundred at a time, filtered by action. The page only reads: no interface changes an entry.
 */
final class AuditPage {

    static final int PAGE = 100;

    /** One entry as the page shows it. */
    public record Row(long seq, String at, String actor, String from, String action, String target, String detail) {}

    private final Dashboard dashboard;
    private final Dashboard.Services services;

    AuditPage(Dashboard dashboard, Dashboard.Services services) {
        this.dashboard = dashboard;
        this.services = services;
    }

    void show(Dashboard.Request r) {
        String actionText = Optional.ofNullable(r.ctx().queryParam("action")).orElse("");
        Optional<AuditLog.Action> action = AuditLog.Action.parse(actionText);
        long before = Long.MAX_VALUE;
        try {
            String b = r.ctx().queryParam("before");
            before = b == null || b.isBlank() ? Long.MAX_VALUE : Long.parseLong(b);
        } catch (NumberFormatException e) {
            dashboard.error(r, 400, "Not a page of the audit log", "before must be an entry's number.");
            return;
        }
        List<AuditLog.Entry> entries = services.live().auditLog().newestFirst(PAGE + 1, before, action);
        List<Row> rows = entries.stream().limit(PAGE).map(AuditPage::row).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("page", "audit");
        model.put("rows", rows);
        model.put("action", action.map(AuditLog.Action::wireName).orElse(""));
        model.put(
                "actions",
                Arrays.stream(AuditLog.Action.values())
                        .map(AuditLog.Action::wireName)
                        .toList());
        model.put(
                "older",
                entries.size() > PAGE
                        ? "/audit?before=" + rows.get(rows.size() - 1).seq()
                                + (action.isPresent()
                                        ? "&action=" + action.get().wireName()
                                        : "")
                        : null);
        dashboard.render(r, 200, "audit", model);
    }

    private static Row row(AuditLog.Entry e) {
        return new Row(
                e.seq(),
                Times.format(e.at()),
                e.actor().who(),
                e.actor().from(),
                e.action().wireName(),
                e.target(),
                e.detail().entrySet().stream()
                        .map(d -> d.getKey() + ": " + d.getValue())
                        .collect(Collectors.joining(", ")));
    }
}
