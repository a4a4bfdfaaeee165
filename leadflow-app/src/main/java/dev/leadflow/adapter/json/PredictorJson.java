package dev.leadflow.adapter.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.predict.Encoder;
import dev.leadflow.predict.Predictive;
import dev.leadflow.predict.Predictor;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The trained artifact as JSON (docs/PREDICTIVE.md, "The artifact"): what {@code predict train}
 * writes and the database keeps beside the model. Every number is written as the shortest text
 * that reads back to the same double, so an artifact read back gives the same probabilities to
 * the last bit. Reading names what is wrong and where.
 */
public final class PredictorJson {

    /** The format's name and version, the first key of every artifact. */
    public static final String FORMAT = "leadflow.predictor/1";

    private static final ObjectMapper JSON = Json.mapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build(); // one artifact per text: anything after it is an error

    private PredictorJson() {}

    /** The artifact, or what is wrong with its text. */
    public sealed interface Read {
        record Ok(Predictor predictor) implements Read {}

        record Invalid(String message) implements Read {}
    }

    public static String write(Predictor p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        Predictor.Trained t = p.trained();
        ObjectNode trained = root.putObject("trained");
        trained.put("target", t.target().wireName());
        trained.put("cycles", t.cycles());
        trained.put("positives", t.positives());
        trained.put("model", t.modelId());
        trained.put("trained_at", Instant.ofEpochMilli(t.trainedAt()).toString());
        root.put("bias", p.bias());
        ObjectNode calibration = root.putObject("calibration");
        calibration.put("slope", p.slope());
        calibration.put("intercept", p.intercept());
        ArrayNode columns = root.putArray("columns");
        double[] weights = p.weights();
        int at = 0;
        for (Encoder.Column c : p.encoder().columns()) {
            ObjectNode column = columns.addObject();
            column.put("name", c.name());
            switch (c) {
                case Encoder.Numeric n -> {
                    column.put("type", "number");
                    column.put("center", n.center());
                    column.put("scale", n.scale());
                    ArrayNode cuts = column.putArray("cuts");
                    n.cuts().forEach(cuts::add);
                    column.put("missing", n.missing());
                    column.put("zero_when_absent", n.zeroWhenAbsent());
                }
                case Encoder.Categorical k -> {
                    column.put("type", "text");
                    ArrayNode levels = column.putArray("levels");
                    k.levels().forEach(levels::add);
                }
            }
            ArrayNode w = column.putArray("weights");
            for (int i = 0; i < c.width(); i++) {
                w.add(weights[at++]);
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of numbers and text always writes", e);
        }
    }

    public static Read read(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Read.Invalid("the artifact is not valid JSON: " + e.getOriginalMessage());
        }
        try {
            return new Read.Ok(predictor(root));
        } catch (Bad e) {
            return new Read.Invalid(e.what);
        }
    }

    private static Predictor predictor(@Nullable JsonNode root) throws Bad {
        if (root == null || !root.isObject()) {
            throw new Bad("the artifact must be a JSON object");
        }
        String format = text(root, "format", "");
        if (!format.equals(FORMAT)) {
            throw new Bad("format: '" + format + "' is not " + FORMAT + "; train again with this version");
        }
        JsonNode t = object(root, "trained", "");
        String target = text(t, "target", "trained.");
        Predictive.Target tg = Optional.of(target)
                .flatMap(x -> java.util.Arrays.stream(Predictive.Target.values())
                        .filter(v -> v.wireName().equals(x))
                        .findFirst())
                .orElseThrow(() -> new Bad("trained.target: '" + target + "' is not sql or won"));
        long trainedAt;
        try {
            trainedAt = Instant.parse(text(t, "trained_at", "trained.")).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new Bad("trained.trained_at: not an ISO-8601 instant such as 2026-03-01T00:00:00Z");
        }
        Predictor.Trained trained = new Predictor.Trained(
                tg,
                whole(t, "cycles", "trained."),
                whole(t, "positives", "trained."),
                text(t, "model", "trained."),
                trainedAt);
        JsonNode cal = object(root, "calibration", "");
        List<Encoder.Column> columns = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        JsonNode cs = root.get("columns");
        if (cs == null || !cs.isArray()) {
            throw new Bad("columns: missing, or not a list");
        }
        for (int i = 0; i < cs.size(); i++) {
            String at = "columns[" + i + "].";
            JsonNode c = cs.get(i);
            if (!c.isObject()) {
                throw new Bad("columns[" + i + "]: must be an object");
            }
            Encoder.Column column = column(c, at);
            List<Double> w = numbers(c, "weights", at);
            if (w.size() != column.width()) {
                throw new Bad(at + "weights: " + w.size() + " for " + column.width() + " encoded features");
            }
            columns.add(column);
            weights.addAll(w);
        }
        double bias = number(root, "bias", "");
        double slope = number(cal, "slope", "calibration.");
        double intercept = number(cal, "intercept", "calibration.");
        try {
            return new Predictor(
                    new Encoder(columns),
                    weights.stream().mapToDouble(Double::doubleValue).toArray(),
                    bias,
                    slope,
                    intercept,
                    trained);
        } catch (IllegalArgumentException e) {
            throw new Bad("columns: " + e.getMessage());
        }
    }

    private static Encoder.Column column(JsonNode c, String at) throws Bad {
        String name = text(c, "name", at);
        String type = text(c, "type", at);
        return switch (type) {
            case "number" -> {
                double scale = number(c, "scale", at);
                if (!(scale > 0)) {
                    throw new Bad(at + "scale: must be above 0");
                }
                yield new Encoder.Numeric(
                        name,
                        number(c, "center", at),
                        scale,
                        numbers(c, "cuts", at),
                        bool(c, "missing", at),
                        bool(c, "zero_when_absent", at));
            }
            case "text" -> {
                JsonNode levels = c.get("levels");
                if (levels == null || !levels.isArray() || levels.isEmpty()) {
                    throw new Bad(at + "levels: must be a non-empty list of text");
                }
                List<String> out = new ArrayList<>();
                for (JsonNode l : levels) {
                    if (!l.isTextual()) {
                        throw new Bad(at + "levels: must be a non-empty list of text");
                    }
                    out.add(l.asText());
                }
                yield new Encoder.Categorical(name, out);
            }
            default -> throw new Bad(at + "type: '" + type + "' is not number or text");
        };
    }

    private static JsonNode object(JsonNode node, String key, String at) throws Bad {
        JsonNode v = node.get(key);
        if (v == null || !v.isObject()) {
            throw new Bad(at + key + ": missing, or not an object");
        }
        return v;
    }

    private static String text(JsonNode node, String key, String at) throws Bad {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual()) {
            throw new Bad(at + key + ": missing, or not text");
        }
        return v.asText();
    }

    private static double number(JsonNode node, String key, String at) throws Bad {
        JsonNode v = node.get(key);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new Bad(at + key + ": missing, or not a finite number");
        }
        return v.asDouble();
    }

    private static int whole(JsonNode node, String key, String at) throws Bad {
        JsonNode v = node.get(key);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
            throw new Bad(at + key + ": missing, or not a whole number");
        }
        return v.asInt();
    }

    private static boolean bool(JsonNode node, String key, String at) throws Bad {
        JsonNode v = node.get(key);
        if (v == null || !v.isBoolean()) {
            throw new Bad(at + key + ": missing, or not true or false");
        }
        return v.asBoolean();
    }

    private static List<Double> numbers(JsonNode node, String key, String at) throws Bad {
        JsonNode v = node.get(key);
        if (v == null || !v.isArray()) {
            throw new Bad(at + key + ": missing, or not a list of numbers");
        }
        List<Double> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isNumber() || !Double.isFinite(v.get(i).asDouble())) {
                throw new Bad(at + key + "[" + i + "]: not a finite number");
            }
            out.add(v.get(i).asDouble());
        }
        return out;
    }

    /** What is wrong, and where. */
    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        final String what;

        Bad(String what) {
            super(what, null, false, false);
            this.what = what;
        }
    }
}
