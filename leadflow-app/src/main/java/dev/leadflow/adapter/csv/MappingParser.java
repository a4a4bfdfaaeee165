package dev.leadflow.adapter.csv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadflow.adapter.csv.Mapping.Attributes;
import dev.leadflow.adapter.csv.Mapping.CellTest;
import dev.leadflow.adapter.csv.Mapping.EventItem;
import dev.leadflow.adapter.csv.Mapping.OutcomeItem;
import dev.leadflow.adapter.csv.Mapping.Value;
import dev.leadflow.adapter.csv.Mapping.When;
import dev.leadflow.input.EventNames;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.model.ConfigChecks;
import dev.leadflow.model.ModelError;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a CSV column mapping from YAML and validates it whole: either a {@link Mapping} or every
 * error by path ({@code outcomes[1].actions[0]: unknown 'wn' (did you mean 'win'?)…}), as the model
 * and hand-off parsers do. Which columns exist is checked later, against the file's header.
 * Thread-safe.
 */
public final class MappingParser {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Set<String> TOP = Set.of(
            "name",
            "description",
            "delimiter",
            "lead_id",
            "time_zone",
            "date_format",
            "date_formats",
            "skip",
            "attributes",
            "events",
            "outcomes");
    private static final Set<String> DATED = Set.of("date", "required", "when");
    private static final Set<String> ATTRIBUTES = union(DATED, "traits");
    private static final Set<String> EVENT = union(DATED, "name", "properties");
    private static final Set<String> OUTCOME = union(DATED, "actions", "actor", "amount", "reason", "note");
    private static final Set<String> TEST = Set.of("column", "equals", "in");
    private static final Set<String> VALUE = Set.of("column", "type", "value");
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("id", "lead_id"),
            Map.entry("user_id", "lead_id"),
            Map.entry("timezone", "time_zone"),
            Map.entry("tz", "time_zone"),
            Map.entry("format", "date_format"),
            Map.entry("if", "when"),
            Map.entry("condition", "when"),
            Map.entry("event", "name"),
            Map.entry("action", "actions"),
            Map.entry("owner", "actor"),
            Map.entry("separator", "delimiter"),
            Map.entry("props", "properties"),
            Map.entry("eq", "equals"),
            Map.entry("constant", "value"));

    /** The result of reading a mapping. */
    public sealed interface Result {
        record Valid(Mapping mapping) implements Result {}

        record Invalid(List<ModelError> errors) implements Result {}
    }

    /** Parses and validates {@code yamlText}. */
    public Result parse(String yamlText) {
        List<ModelError> unreadable = new ArrayList<>(1);
        JsonNode root = ConfigChecks.readYaml(yamlText, unreadable);
        if (root == null) {
            return new Result.Invalid(unreadable);
        }
        ConfigChecks checks = new ConfigChecks(SYNONYMS);
        if (root.isNull() || root.isMissingNode()) {
            checks.add("", "the mapping is empty: it needs at least name, lead_id and events, outcomes or attributes");
            return new Result.Invalid(checks.errors());
        }
        if (!checks.mapping(root, "")) {
            return new Result.Invalid(checks.errors());
        }
        Mapping mapping = new Reader(checks).mapping(root);
        return checks.isEmpty() && mapping != null ? new Result.Valid(mapping) : new Result.Invalid(checks.errors());
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> out = new LinkedHashSet<>(base);
        out.addAll(List.of(more));
        return Set.copyOf(out);
    }

    /** One file's reading: the checks, and the columns named so far (each with the path of its first use). */
    private static final class Reader {
        private final ConfigChecks checks;
        private final Map<String, String> columns = new LinkedHashMap<>();
        private final Map<String, String> dateColumns = new LinkedHashMap<>();

        Reader(ConfigChecks checks) {
            this.checks = checks;
        }

        @Nullable
        Mapping mapping(JsonNode root) {
            checks.keys(root, "", TOP);
            String name = name(root);
            Character delimiter = delimiter(root);
            String leadId = column(root, "lead_id", "", true);
            ZoneId zone = zone(root);
            List<CellTest> skip = checks.list(root, "skip", this::test);
            Optional<Attributes> attributes = Optional.empty();
            if (root.hasNonNull("attributes") && checks.mapping(root.get("attributes"), "attributes")) {
                attributes = Optional.ofNullable(attributes(root.get("attributes"), "attributes"));
            }
            List<EventItem> events = checks.list(root, "events", this::event);
            List<OutcomeItem> outcomes = checks.list(root, "outcomes", this::outcome);
            if (!root.hasNonNull("attributes") && !root.hasNonNull("events") && !root.hasNonNull("outcomes")) {
                checks.add("", "nothing to import: give attributes, events or outcomes");
            }
            Map<String, DateFormat> formats = formats(root);
            if (!checks.isEmpty()) {
                return null;
            }
            return new Mapping( // no errors: every required part was read
                    Objects.requireNonNull(name),
                    Objects.requireNonNull(delimiter),
                    Objects.requireNonNull(leadId),
                    Objects.requireNonNull(zone),
                    formats,
                    skip,
                    attributes,
                    events,
                    outcomes,
                    columns);
        }

        private @Nullable String name(JsonNode root) {
            String name = checks.string(root, "name", "", true);
            if (name != null && !NAME.matcher(name).matches()) {
                checks.add(
                        "name",
                        "'" + name + "' must be lower case letters, digits, '.', '_' or '-' "
                                + "(it is part of every imported record's message id)");
            }
            return name;
        }

        private @Nullable Character delimiter(JsonNode root) {
            JsonNode d = root.get("delimiter");
            if (d == null || d.isNull()) {
                return ',';
            }
            String text = d.isTextual() ? d.asText() : "";
            if (text.length() != 1 || text.equals("\"") || text.equals("\n") || text.equals("\r")) {
                checks.add(
                        "delimiter", "must be one character other than a quote or a line break, e.g. \";\" or \"\\t\"");
                return null;
            }
            return text.charAt(0);
        }

        private @Nullable ZoneId zone(JsonNode root) {
            String tz = checks.string(root, "time_zone", "", false);
            if (tz == null) {
                return ZoneOffset.UTC;
            }
            try {
                return ZoneId.of(tz);
            } catch (DateTimeException e) {
                checks.add(
                        "time_zone", "unknown time zone '" + tz + "' (an IANA name such as America/Sao_Paulo, or UTC)");
                return null;
            }
        }

        /** A column name at {@code key}, remembered for the header check; null when absent or wrong. */
        private @Nullable String column(JsonNode node, String key, String path, boolean required) {
            String column = checks.string(node, key, path, required);
            if (column != null) {
                columns.putIfAbsent(column, at(path, key));
            }
            return column;
        }

        @Nullable
        CellTest test(JsonNode node, String path) {
            checks.keys(node, path, TEST);
            String column = column(node, "column", path, true);
            boolean hasEquals = node.hasNonNull("equals");
            boolean hasIn = node.hasNonNull("in");
            Set<String> values = new LinkedHashSet<>();
            if (hasEquals == hasIn) {
                checks.add(path, "needs exactly one of equals: VALUE or in: [VALUE, …]");
            } else if (hasEquals) {
                text(node.get("equals"), at(path, "equals")).ifPresent(values::add);
            } else if (!node.get("in").isArray() || node.get("in").isEmpty()) {
                checks.add(at(path, "in"), "must be a non-empty list of values");
            } else {
                for (int i = 0; i < node.get("in").size(); i++) {
                    text(node.get("in").get(i), at(path, "in") + "[" + i + "]").ifPresent(values::add);
                }
            }
            return column == null || values.isEmpty() ? null : new CellTest(column, values);
        }

        private Optional<String> text(JsonNode v, String at) {
            if (!v.isValueNode()) {
                checks.add(at, "must be a value (text, number or true/false), compared with the cell as text");
                return Optional.empty();
            }
            return Optional.of(v.asText());
        }

        private @Nullable When when(JsonNode node, String path) {
            String date = column(node, "date", path, true);
            if (date != null) {
                dateColumns.putIfAbsent(date, at(path, "date"));
            }
            boolean required = checks.bool(node, "required", path, false);
            Optional<CellTest> condition = Optional.empty();
            if (node.hasNonNull("when") && checks.mapping(node.get("when"), at(path, "when"))) {
                condition = Optional.ofNullable(test(node.get("when"), at(path, "when")));
                if (condition.isEmpty()) {
                    return null;
                }
            }
            return date == null ? null : new When(date, required, condition);
        }

        @Nullable
        Attributes attributes(JsonNode node, String path) {
            checks.keys(node, path, ATTRIBUTES);
            When when = when(node, path);
            Map<String, Value> traits = fields(node, "traits", path, true);
            return when == null || traits == null ? null : new Attributes(when, traits);
        }

        @Nullable
        EventItem event(JsonNode node, String path) {
            checks.keys(node, path, EVENT);
            String name = checks.string(node, "name", path, true);
            if (name != null && !EventNames.isSnakeCase(name)) {
                checks.add(
                        at(path, "name"),
                        "'" + name + "' must be snake_case, as models match it: '" + EventNames.snakeCase(name) + "'");
                name = null;
            }
            When when = when(node, path);
            Map<String, Value> properties = fields(node, "properties", path, false);
            return name == null || when == null || properties == null ? null : new EventItem(name, when, properties);
        }

        @Nullable
        OutcomeItem outcome(JsonNode node, String path) {
            checks.keys(node, path, OUTCOME);
            List<Action> actions = new ActionList(checks).read(node, path);
            When when = when(node, path);
            Optional<Value> actor = optional(node, "actor", path, Mapping.Type.STRING);
            Optional<Value> amount = optional(node, "amount", path, Mapping.Type.NUMBER);
            Optional<Value> reason = optional(node, "reason", path, Mapping.Type.STRING);
            Optional<Value> note = optional(node, "note", path, Mapping.Type.STRING);
            if (actions != null && reason != null && reason.isEmpty()) {
                for (Action a : actions) {
                    if (ActionList.NEEDS_REASON.contains(a)) {
                        checks.add(
                                at(path, "reason"),
                                "missing: " + a.wireName() + " needs a reason, a column or " + "{ value: … } (e.g. "
                                        + ActionList.EXAMPLE_REASON.get(a) + ")");
                    }
                }
            }
            if (actions == null || when == null || actor == null || amount == null || reason == null || note == null) {
                return null;
            }
            return new OutcomeItem(actions, when, actor, amount, reason, note);
        }

        /** The fields at {@code key} (a mapping of dotted key to value); null after an error. */
        private @Nullable Map<String, Value> fields(JsonNode node, String key, String path, boolean required) {
            String at = at(path, key);
            JsonNode fields = node.get(key);
            if (fields == null || fields.isNull()) {
                if (required) {
                    checks.add(at, "missing: a mapping of key to column, e.g. company.name: account");
                }
                return required ? null : Map.of();
            }
            if (!checks.mapping(fields, at)) {
                return null;
            }
            Map<String, Value> out = new LinkedHashMap<>();
            boolean ok = true;
            for (Map.Entry<String, JsonNode> e : fields.properties()) {
                String k = e.getKey();
                if (k.isBlank() || k.startsWith(".") || k.endsWith(".") || k.contains("..")) {
                    checks.add(at + "." + k, "a key is words joined by single dots, e.g. company.name");
                    ok = false;
                    continue;
                }
                Value v = value(e.getValue(), at + "." + k, null);
                ok &= v != null;
                out.put(k, v);
            }
            return ok ? out : null;
        }

        /** An optional value: empty when absent, null after an error. */
        @SuppressWarnings("NullAway") // null after an error, as said: the caller checks before it reads it
        private Optional<Value> optional(JsonNode node, String key, String path, Mapping.Type type) {
            if (!node.hasNonNull(key)) {
                return Optional.empty();
            }
            Value v = value(node.get(key), at(path, key), type);
            return v == null ? null : Optional.of(v);
        }

        /**
         * A column name, {@code { column: C, type: T }} or {@code { value: V }}; {@code fixed} is the
         * only type allowed (null: any, string by default). Null after an error.
         */
        private @Nullable Value value(JsonNode v, String at, Mapping.@Nullable Type fixed) {
            Mapping.Type plain = fixed == null ? Mapping.Type.STRING : fixed;
            if (v.isTextual() && !v.asText().isBlank()) {
                columns.putIfAbsent(v.asText(), at);
                return new Value.Column(v.asText(), plain);
            }
            if (!v.isObject()) {
                checks.add(at, "must be a column name, { column: NAME, type: string|number|boolean } or { value: V }");
                return null;
            }
            checks.keys(v, at, VALUE);
            if (v.hasNonNull("value") == v.hasNonNull("column")) {
                checks.add(at, "needs exactly one of column: NAME or value: V");
                return null;
            }
            if (v.hasNonNull("value")) {
                return constant(v.get("value"), at + ".value", fixed);
            }
            Mapping.Type type = checks.choice(v, "type", at, Mapping.Type.values(), Mapping.Type::wireName, plain);
            if (type != null && fixed != null && type != fixed) {
                checks.add(at + ".type", "must be " + fixed.wireName() + " here");
                return null;
            }
            String column = column(v, "column", at, true);
            return column == null || type == null ? null : new Value.Column(column, type);
        }

        /** A constant: kept as written (text, number, true/false), as text where {@code fixed} is string. */
        private @Nullable Value constant(JsonNode v, String at, Mapping.@Nullable Type fixed) {
            if (!v.isValueNode()) {
                checks.add(at, "must be a text, a number or true/false");
                return null;
            }
            if (fixed == Mapping.Type.NUMBER) {
                if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                    checks.add(at, "must be a finite number");
                    return null;
                }
                return new Value.Constant(v.doubleValue());
            }
            if (fixed == Mapping.Type.STRING || v.isTextual()) {
                return new Value.Constant(v.asText());
            }
            return new Value.Constant(v.isBoolean() ? (Object) v.booleanValue() : (Object) v.doubleValue());
        }

        /** The format of each date column: {@code date_formats}, else {@code date_format}, else iso. */
        private Map<String, DateFormat> formats(JsonNode root) {
            DateFormat fallback = new DateFormat.Iso();
            if (root.hasNonNull("date_format")) {
                fallback = format(root.get("date_format"), "date_format");
            }
            Map<String, DateFormat> out = new LinkedHashMap<>();
            JsonNode perColumn = root.get("date_formats");
            if (perColumn != null && !perColumn.isNull() && checks.mapping(perColumn, "date_formats")) {
                for (Map.Entry<String, JsonNode> e : perColumn.properties()) {
                    String at = "date_formats." + e.getKey();
                    if (!dateColumns.containsKey(e.getKey())) {
                        checks.add(
                                at,
                                "'" + e.getKey() + "' is no date column of this mapping"
                                        + ConfigChecks.suggestion(e.getKey(), dateColumns.keySet()) + "; date columns: "
                                        + String.join(", ", dateColumns.keySet()));
                    }
                    out.put(e.getKey(), format(e.getValue(), at));
                }
            }
            for (String column : dateColumns.keySet()) {
                out.putIfAbsent(column, fallback);
            }
            return out;
        }

        private @Nullable DateFormat format(JsonNode v, String at) {
            Optional<DateFormat> f = v.isTextual() ? DateFormat.of(v.asText()) : Optional.empty();
            if (f.isEmpty()) {
                checks.add(
                        at,
                        "'" + v.asText() + "' is neither a format (" + String.join(", ", DateFormat.NAMES) + ")"
                                + ConfigChecks.suggestion(v.asText(), Set.copyOf(DateFormat.NAMES))
                                + " nor a date pattern "
                                + "that names a year, a month and a day, such as yyyy-MM-dd HH:mm:ss or dd/MM/yyyy");
            }
            return f.orElse(null);
        }

        private static String at(String path, String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }
}
