package dev.leadflow.adapter.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.predict.Predictor;
import dev.leadflow.scoring.LedgerEntry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The lead format shared by {@code replay} and the API: one JSON object per lead, fields in a
 * fixed order, so the same state always prints the same bytes.
 */
public final class LeadJson {

    private static final JsonFactory JSON = Json.factory();
    /** Records to JSON, components in snake_case ({@code mqlAt} as {@code mql_at}). */
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Json.mapper()
            .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private LeadJson() {}

    /** A lead as replay prints it: fields in this order, always the same bytes for the same state. */
    public record Lead(
            String lead,
            String stage,
            double fit,
            double engagement,
            @Nullable String grade,
            int cycle,
            @Nullable String mqlAt,
            String model,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Probability probability,

            List<Points> ledger,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            List<Move> transitions) {

        public static Lead of(LeadSnapshot s, boolean withTransitions) {
            return new Lead(
                    s.id(),
                    s.stage().wireName(),
                    s.fit(),
                    s.engagement(),
                    s.grade().orElse(null),
                    s.cycle(),
                    s.mqlAt().map(LeadJson::time).orElse(null),
                    s.model(),
                    s.probability().map(Probability::of).orElse(null),
                    s.ledger().stream().map(Points::of).toList(),
                    withTransitions ? s.transitions().stream().map(Move::of).toList() : null);
        }
    }

    /**
     * The predictive probability as of the lead's latest record (docs/PREDICTIVE.md): the value,
     * the base logit and every factor by falling |contribution|; base plus contributions is the logit.
     */
    public record Probability(double value, double logit, double base, List<Factor> factors) {
        static Probability of(Predictor.Explanation x) {
            return new Probability(
                    x.probability(),
                    x.logit(),
                    x.base(),
                    x.factors().stream().map(Factor::of).toList());
        }
    }

    /** One raw feature's share of the logit: {@code attribute.company.industry = software +0.41}. */
    public record Factor(String feature, @Nullable String value, String level, double contribution) {
        static Factor of(Predictor.Factor f) {
            return new Factor(f.feature(), f.value(), f.level(), f.contribution());
        }
    }

    /** A line of the score ledger: which rule gave how many points, for which event, when. */
    public record Points(
            String rule,
            String score,
            double points,
            @Nullable String event,
            @Nullable String at) {
        static Points of(LedgerEntry e) {
            return new Points(
                    e.rule(), e.score().wireName(), e.points(), e.event(), e.at() == null ? null : time(e.at()));
        }
    }

    /** A change of stage. */
    public record Move(
            String from,
            String to,
            String at,
            String actor,
            @Nullable String reason,
            int cycle) {
        static Move of(Transition t) {
            return new Move(t.from().wireName(), t.to().wireName(), time(t.at()), t.actor(), t.reason(), t.cycle());
        }
    }

    /** The lead as one line of replay's output. */
    public static String lead(LeadSnapshot s, boolean withTransitions) {
        try {
            return MAPPER.writeValueAsString(Lead.of(s, withTransitions));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a lead always writes", e);
        }
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
