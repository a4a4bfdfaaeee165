package dev.leadflow.app;

import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.WebhookOutbox;
import dev.leadflow.engine.Engine;
import dev.leadflow.input.Alias;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
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
    public record Identifiers(SortedSet<String> userIds, SortedSet<String> anonymousIds, SortedSet<String> aliasIds) {

        /**
         * The identifiers {@code history}'s records name, and the {@code cookies} besides; a sales
         * action's userId is the lead's id, not an identifier the person gave.
         */
        static Identifiers of(List<Input> history, java.util.Collection<String> cookies) {
            SortedSet<String> users = new TreeSet<>();
            SortedSet<String> anonymous = new TreeSet<>(cookies);
            SortedSet<String> aliases = new TreeSet<>();
            for (Input in : history) {
                if (in.userId() != null && !(in instanceof LifecycleCommand)) {
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

        /** The lead ids the person's rows may be filed under: {@code leadId}, and those of the leads merged into it. */
        SortedSet<String> leadIds(String leadId) {
            SortedSet<String> out = new TreeSet<>(userIds);
            out.addAll(aliasIds);
            anonymousIds.forEach(a -> out.add(Engine.ANONYMOUS_PREFIX + a));
            out.add(leadId);
            return out;
        }
    }

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
        Identifiers ids =
                Identifiers.of(details.get().history(), details.get().snapshot().anonymousIds());
        List<Delivery> deliveries = new ArrayList<>();
        for (String filedUnder : ids.leadIds(leadId)) {
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
}
