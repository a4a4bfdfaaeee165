package dev.leadflow.adapter.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.scoring.LedgerEntry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * The lead format shared by {@code replay} and the API: one JSON object per lead, fields in a
 * fixed order, so the same state always prints the same bytes.
 */
public final class LeadJson {

    private static final JsonFactory JSON = Json.factory();

    private LeadJson() {}

    public static String lead(LeadSnapshot s, boolean withTransitions) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("lead", s.id());
            g.writeStringField("stage", s.stage().wireName());
            g.writeNumberField("fit", s.fit());
            g.writeNumberField("engagement", s.engagement());
            g.writeFieldName("grade");
            if (s.grade().isPresent()) {
                g.writeString(s.grade().get());
            } else {
                g.writeNull();
            }
            g.writeNumberField("cycle", s.cycle());
            g.writeFieldName("mql_at");
            if (s.mqlAt().isPresent()) {
                g.writeString(time(s.mqlAt().get()));
            } else {
                g.writeNull();
            }
            g.writeStringField("model", s.model());
            g.writeArrayFieldStart("ledger");
            for (LedgerEntry e : s.ledger()) {
                g.writeStartObject();
                g.writeStringField("rule", e.rule());
                g.writeStringField("score", e.score().wireName());
                g.writeNumberField("points", e.points());
                g.writeStringField("event", e.event());
                g.writeFieldName("at");
                if (e.at() == null) {
                    g.writeNull();
                } else {
                    g.writeString(time(e.at()));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (withTransitions) {
                g.writeArrayFieldStart("transitions");
                for (Transition t : s.transitions()) {
                    g.writeStartObject();
                    g.writeStringField("from", t.from().wireName());
                    g.writeStringField("to", t.to().wireName());
                    g.writeStringField("at", time(t.at()));
                    g.writeStringField("actor", t.actor());
                    g.writeStringField("reason", t.reason());
                    g.writeNumberField("cycle", t.cycle());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    public static String summary(String model, long at, int leads, Map<Stage, Integer> stages) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("model", model);
            g.writeStringField("at", time(at));
            g.writeNumberField("leads", leads);
            g.writeObjectFieldStart("stages");
            for (Map.Entry<Stage, Integer> e : stages.entrySet()) {
                g.writeNumberField(e.getKey().wireName(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    public static String time(long epochMillis) {
        return dev.leadflow.input.Timestamps.format(Instant.ofEpochMilli(epochMillis));
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
