package dev.leadflow.app;

import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.Delivery;
import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.app.port.RecordLog;
import dev.leadflow.app.port.StoredRecord;
import dev.leadflow.engine.Engine;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An admin erases a person (GDPR Article 17; docs/PRIVACY.md, "Erase"): their stored records are
 * rewritten as {@link Redaction} says — identifiers pseudonymous, free text gone, traits and
 * properties replaced by stand-ins the configuration in force answers alike — the hand-off rows,
 * webhook deliveries and audit entries refiled under the pseudonym, and every lead scored again
 * from the rewritten log. What remains is a pseudonymous lead with the same stages, instants,
 * scores and reasons, so the reports count as before. The rewrite holds the writers; the new
 * replay runs beside them (as a training's does), and the answer comes once it is in force.
 * Written to the audit log as {@code lead.erased}.
 */
public final class ErasePerson {

    /** What erasing did. */
    public sealed interface Result {
        /** Erased: the lead is now {@code pseudonym}; {@code unmatched} fields could not be stood in for. */
        record Erased(String pseudonym, int records, Set<String> unmatched) implements Result {}

        /** The lead was erased already (it is a pseudonym): nothing changed. */
        record AlreadyErased(String pseudonym) implements Result {}

        /** No lead of that id (perhaps erased under it before). */
        record Unknown(String leadId) implements Result {}

        /** The reason is missing or too long: the message says which; nothing changed. */
        record BadReason(String message) implements Result {}
    }

    /** The longest reason an erasure records. */
    public static final int REASON_LIMIT = 500;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Leads leads;
    private final AuditLog audit;

    ErasePerson(Leads leads, AuditLog audit) {
        this.leads = leads;
        this.audit = audit;
    }

    /** Whether {@code id} names an erased person's pseudonym (a lead id, userId or anonymousId). */
    public static boolean erased(String id) {
        return id.startsWith(Redaction.PREFIX) || id.startsWith(Engine.ANONYMOUS_PREFIX + Redaction.PREFIX);
    }

    /** Erases lead {@code leadId} for {@code reason}, as {@code actor}; one erasure at a time, as the only writer. */
    public Result erase(String leadId, String reason, AuditLog.Actor actor, long nowMillis) {
        if (reason.isBlank() || reason.strip().length() > REASON_LIMIT) {
            return new Result.BadReason(
                    "reason: required, 1 to " + REASON_LIMIT + " characters (e.g. \"GDPR request 2026-14\")");
        }
        if (erased(leadId)) {
            return leads.inspect(s -> s.engine().history(leadId)).isEmpty()
                    ? new Result.Unknown(leadId)
                    : new Result.AlreadyErased(leadId);
        }
        return leads.rewriting(() -> {
            java.util.Optional<Plan> planned = leads.serially(() -> {
                java.util.Optional<Plan> p = leads.inspect(s -> plan(s, leadId, nowMillis));
                p.ifPresent(x -> {
                    leads.log().erase(x.erasure());
                    leads.rewritten();
                });
                return p;
            });
            if (planned.isEmpty()) {
                return new Result.Unknown(leadId);
            }
            Plan plan = planned.get();
            // every lead scored again from the rewritten log, beside the writers; unless a publish or a
            // training came between, which loaded it again already
            leads.reloadBeside(plan.model(), nowMillis, live -> live.equals(plan.model()));
            audit.append(
                    nowMillis,
                    actor,
                    AuditLog.Action.LEAD_ERASED,
                    plan.pseudonym(),
                    Map.of(
                            "reason",
                            reason.strip(),
                            "records",
                            Integer.toString(plan.erasure().records().size())));
            return new Result.Erased(
                    plan.pseudonym(),
                    plan.erasure().records().size(),
                    plan.redaction().unmatched());
        });
    }

    private record Plan(Model model, Redaction redaction, RecordLog.Erasure erasure, String pseudonym) {}

    /** The rewrite of the lead's records, read under the lock; empty for an unknown lead. */
    private static java.util.Optional<Plan> plan(Leads.State s, String leadId, long nowMillis) {
        List<Input> history = s.engine().history(leadId);
        if (history.isEmpty()) {
            return java.util.Optional.empty();
        }
        Set<Input> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(history);
        Set<String> keys = new HashSet<>();
        history.forEach(in -> keys.addAll(Engine.identityKeys(in)));
        List<StoredRecord> stored = s.index().component(keys).stream()
                .filter(r -> own.contains(r.input()))
                .toList();
        byte[] token = new byte[8];
        RANDOM.nextBytes(token);
        Redaction redaction = new Redaction(
                s.engine().model(), s.handoff().reads().config(), HexFormat.of().formatHex(token));
        String pseudonym = redaction.leadId(leadId); // first: the lead's own id gets the bare token
        Map<Long, EncodedRecord> records = new LinkedHashMap<>();
        for (StoredRecord r : stored) {
            records.put(r.seq(), EncodedRecord.of(redaction.redact(r.input())));
        }
        ExportPerson.Identifiers identifiers = ExportPerson.Identifiers.of(history, List.of());
        Map<String, String> leadIds = new HashMap<>();
        identifiers.leadIds(leadId).forEach(id -> leadIds.put(id, redaction.leadId(id)));
        Map<String, String> ids = new HashMap<>(redaction.ids());
        ids.putAll(leadIds);
        return java.util.Optional.of(new Plan(
                s.engine().model(),
                redaction,
                new RecordLog.Erasure(
                        records,
                        ids,
                        leadIds,
                        notices(s.handoff().reads().config(), pseudonym, identifiers, nowMillis)),
                pseudonym));
    }

    /** The {@code lead_erased} notice's body: the pseudonym, and the ids the receivers know the person by. */
    record Notice(String id, String type, Lead lead, Erased erased) {}

    record Lead(String id) {}

    record Erased(String at, Set<String> userIds, Set<String> anonymousIds, Set<String> aliasIds) {}

    /**
     * One {@code lead_erased} delivery per subscribed webhook, naming the person's ids so that the
     * CRM and the email tool can erase them too; the stored body goes once delivered.
     */
    private static List<Delivery> notices(
            HandoffConfig config, String pseudonym, ExportPerson.Identifiers ids, long nowMillis) {
        List<Delivery> out = new java.util.ArrayList<>();
        for (HandoffConfig.Webhook w : config.webhooks()) {
            if (w.notices().contains(HandoffConfig.Notice.LEAD_ERASED)) {
                String id = "dlv_" + java.util.UUID.randomUUID().toString().replace("-", "");
                Notice body = new Notice(
                        id,
                        HandoffConfig.Notice.LEAD_ERASED.wireName(),
                        new Lead(pseudonym),
                        new Erased(
                                java.time.Instant.ofEpochMilli(nowMillis).toString(),
                                ids.userIds(),
                                ids.anonymousIds(),
                                ids.aliasIds()));
                out.add(new Delivery(
                        id,
                        w.name(),
                        HandoffConfig.Notice.LEAD_ERASED.wireName(),
                        pseudonym,
                        HandoffJson.write(body),
                        nowMillis));
            }
        }
        return out;
    }
}
