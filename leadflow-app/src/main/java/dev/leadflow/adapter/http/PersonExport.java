package dev.leadflow.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadflow.adapter.json.LeadJson;
import dev.leadflow.app.ExportPerson;
import java.util.List;
import java.util.SortedSet;

/**
 * A person's export as one JSON document ({@code leadflow.export/1}; docs/PRIVACY.md, "Export"),
 * the same from {@code GET /api/leads/{id}/export} and {@code leadflow privacy export}.
 */
public final class PersonExport {

    /** The format's name, first in the document. */
    public static final String FORMAT = "leadflow.export/1";

    private PersonExport() {}

    /** Every identifier of the person. */
    record Identifiers(SortedSet<String> userIds, SortedSet<String> anonymousIds, SortedSet<String> aliasIds) {}

    /** A webhook delivery that carried the person's data: where it stands, its body, every attempt. */
    record Delivery(
            @com.fasterxml.jackson.annotation.JsonUnwrapped HandoffApi.Row row,
            JsonNode body,
            List<HandoffApi.Attempt> attempts) {}

    /** The document. */
    record Body(
            String format,
            String exportedAt,
            Identifiers identifiers,
            LeadsApi.LeadBody lead,
            List<Delivery> webhookDeliveries) {}

    static Body body(ExportPerson.Export export, long nowMillis) {
        ExportPerson.Identifiers ids = export.identifiers();
        return new Body(
                FORMAT,
                LeadJson.time(nowMillis),
                new Identifiers(ids.userIds(), ids.anonymousIds(), ids.aliasIds()),
                LeadsApi.leadBody(export.lead(), nowMillis),
                export.deliveries().stream().map(PersonExport::delivery).toList());
    }

    private static Delivery delivery(ExportPerson.Delivery d) {
        JsonNode body;
        try {
            body = Answers.JSON.readTree(d.row().body());
        } catch (JsonProcessingException e) {
            body = Answers.JSON.getNodeFactory().textNode(d.row().body()); // stored as sent, even if not JSON
        }
        return new Delivery(
                HandoffApi.Row.of(d.row()),
                body,
                d.attempts().stream()
                        .map(a -> new HandoffApi.Attempt(
                                a.attempt(), LeadJson.time(a.at()), a.status(), a.error(), a.millis()))
                        .toList());
    }

    /** The document as pretty-printed JSON, for a file. */
    public static String json(ExportPerson.Export export, long nowMillis) {
        try {
            return Answers.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body(export, nowMillis));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an export of records and trees always writes", e);
        }
    }
}
