package dev.leadflow.app;

import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.WebhookOutbox;
import dev.leadflow.engine.Engine;
import dev.leadflow.input.Alias;
import dev.leadflow.input.Input;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An admin hands a person everything Leadflow holds about them (GDPR Article 15; docs/PRIVACY.md,
 * "Export"): the lead as the API shows it (profile, stages, ledger, hand-off case and events,
 * every record with the notes of sales actions), every identifier, and the webhook deliveries
 * that carried their data with each attempt. Each export is written to the audit log.
 */
public final class ExportPerson {

    /** Every identifier of the person: userIds, anonymousIds (cookies) and the ids aliased to them. */
    public record Identifiers(SortedSet<String> userIds, SortedSet<String> anonymousIds, SortedSet<String> aliasIds) {}

    /** A webhook delivery filed under the lead, with its attempts. */
    public record Delivery(WebhookOutbox.Row row, List<WebhookOutbox.Attempt> attempts) {}

    /** What is held about one person. */
    public record Export(LeadDetails lead, Identifiers identifiers, List<Delivery> deliveries) {}

    private final LeadQueries leads;
    private final WebhookOutbox outbox;
    private final AuditLog audit;

    public ExportPerson(Leadflow live, WebhookOutbox outbox) {
        this.leads = live.leadQueries();
        this.outbox = outbox;
        this.audit = live.auditLog();
    }

    /** The person's data as of {@code nowMillis}, written to the audit log as {@code actor}'s; empty for an unknown lead. */
    public Optional<Export> export(String leadId, AuditLog.Actor actor, long nowMillis) {
        Optional<LeadDetails> details = leads.details(leadId, nowMillis);
        if (details.isEmpty()) {
            return Optional.empty();
        }
        Identifiers ids = identifiers(details.get());
        List<Delivery> deliveries = new ArrayList<>();
        for (String filedUnder : filedUnder(leadId, ids)) {
            for (WebhookOutbox.Row row : outbox.forLead(filedUnder)) {
                deliveries.add(new Delivery(row, outbox.log(row.id())));
            }
        }
        audit.append(
                nowMillis,
                actor,
                AuditLog.Action.LEAD_EXPORTED,
                leadId,
                Map.of(
                        "records", Integer.toString(details.get().history().size()),
                        "deliveries", Integer.toString(deliveries.size())));
        return Optional.of(new Export(details.get(), ids, deliveries));
    }

    /** The identifiers the lead's records and cookies name. */
    static Identifiers identifiers(LeadDetails lead) {
        SortedSet<String> users = new TreeSet<>();
        SortedSet<String> anonymous = new TreeSet<>(lead.snapshot().anonymousIds());
        SortedSet<String> aliases = new TreeSet<>();
        for (Input in : lead.history()) {
            if (in.userId() != null) {
                users.add(in.userId());
            }
            if (in.anonymousId() != null) {
                anonymous.add(in.anonymousId());
            }
            if (in instanceof Alias a) {
                aliases.add(a.previousId());
            }
        }
        return new Identifiers(users, anonymous, aliases);
    }

    /** The lead ids the person's deliveries may be filed under: this one, and those of leads merged into it. */
    private static SortedSet<String> filedUnder(String leadId, Identifiers ids) {
        SortedSet<String> out = new TreeSet<>(ids.userIds());
        out.addAll(ids.aliasIds());
        ids.anonymousIds().forEach(a -> out.add(Engine.ANONYMOUS_PREFIX + a));
        out.add(leadId);
        return out;
    }
}
