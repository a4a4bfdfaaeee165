package dev.leadflow.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Parses one {@code if:} / {@code mql:} condition tree, reporting every problem by path. */
final class ConditionParser {

    /** Which subjects a condition may read, by where it stands in the model. */
    enum Place {
        FIT(EnumSet.of(Subject.ATTRIBUTE), "fit rules read the profile only"),
        EVENT(EnumSet.of(Subject.ATTRIBUTE, Subject.PROPERTY), "event rules read the event and the profile"),
        MQL(EnumSet.of(Subject.ATTRIBUTE, Subject.SCORE), "MQL criteria read scores and the profile"),
        LEAD(EnumSet.of(Subject.ATTRIBUTE, Subject.SCORE), "conditions on a lead read its scores and profile");

        final Set<Subject> allowed;
        final String why;

        Place(Set<Subject> allowed, String why) {
            this.allowed = allowed;
            this.why = why;
        }
    }

    enum Subject {
        ATTRIBUTE,
        PROPERTY,
        SCORE;

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Set<String> SUBJECT_KEYS = Set.of("attribute", "property", "score");
    private static final Set<String> COMBINATORS = Set.of("all", "any", "not");
    private static final Set<String> OPERATOR_KEYS =
            Arrays.stream(Operator.values()).map(Operator::wireName).collect(Collectors.toSet());
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("equals", "eq"),
            Map.entry("equal", "eq"),
            Map.entry("is", "eq"),
            Map.entry("==", "eq"),
            Map.entry("=", "eq"),
            Map.entry("not_equals", "ne"),
            Map.entry("not_equal", "ne"),
            Map.entry("neq", "ne"),
            Map.entry("!=", "ne"),
            Map.entry("greater_than", "gt"),
            Map.entry(">", "gt"),
            Map.entry(">=", "gte"),
            Map.entry("ge", "gte"),
            Map.entry("less_than", "lt"),
            Map.entry("<", "lt"),
            Map.entry("<=", "lte"),
            Map.entry("le", "lte"),
            Map.entry("one_of", "in"),
            Map.entry("regex", "matches"),
            Map.entry("match", "matches"),
            Map.entry("startswith", "starts_with"),
            Map.entry("endswith", "ends_with"),
            Map.entry("includes", "contains"),
            Map.entry("has", "contains"),
            Map.entry("and", "all"),
            Map.entry("or", "any"),
            Map.entry("present", "exists"),
            Map.entry("attr", "attribute"),
            Map.entry("prop", "property"),
            Map.entry("trait", "attribute"));

    private final Problems problems;
    private boolean predictive = true;

    ConditionParser(Problems problems) {
        this.problems = problems;
    }

    /** Refuses {@code score: probability} from now on: the model being read has no predictive section. */
    void withoutPredictive() {
        predictive = false;
    }

    /** The compiled condition, or null when it has errors (already reported). */
    @Nullable
    Condition parse(JsonNode node, String path, Place place) {
        if (node == null || !node.isObject()) {
            problems.add(path, "a condition must be a mapping such as { attribute: job.seniority, eq: vp }");
            return null;
        }
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        List<String> combinators = keys.stream().filter(COMBINATORS::contains).toList();
        if (!combinators.isEmpty()) {
            if (keys.size() > 1) {
                problems.add(
                        path,
                        "'" + combinators.get(0) + "' must stand alone in its mapping; found also "
                                + keys.stream()
                                        .filter(k -> !k.equals(combinators.get(0)))
                                        .toList());
                return null;
            }
            return combinator(combinators.get(0), node.get(combinators.get(0)), path, place);
        }
        return comparison(node, keys, path, place);
    }

    private @Nullable Condition combinator(String kind, JsonNode value, String path, Place place) {
        String at = path + "." + kind;
        if (kind.equals("not")) {
            Condition inner = parse(value, at, place);
            return inner == null ? null : new Condition.Not(inner);
        }
        if (value == null || !value.isArray() || value.isEmpty()) {
            problems.add(at, "'" + kind + "' takes a non-empty list of conditions");
            return null;
        }
        List<Condition> parts = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < value.size(); i++) {
            Condition c = parse(value.get(i), at + "[" + i + "]", place);
            ok &= c != null;
            parts.add(c);
        }
        if (!ok) {
            return null;
        }
        return kind.equals("all") ? new Condition.All(List.copyOf(parts)) : new Condition.Any(List.copyOf(parts));
    }

    private @Nullable Condition comparison(JsonNode node, List<String> keys, String path, Place place) {
        List<String> subjects = keys.stream().filter(SUBJECT_KEYS::contains).toList();
        List<String> operators = keys.stream().filter(OPERATOR_KEYS::contains).toList();
        boolean ok = true;
        for (String k : keys) {
            if (!SUBJECT_KEYS.contains(k) && !OPERATOR_KEYS.contains(k)) {
                Set<String> all = new java.util.HashSet<>(OPERATOR_KEYS);
                all.addAll(SUBJECT_KEYS);
                all.addAll(COMBINATORS);
                problems.add(
                        path + ".op",
                        "unknown operator '" + k + "'" + Problems.didYouMean(k, all, SYNONYMS) + "; operators are "
                                + Operator.wireNames());
                ok = false;
            }
        }
        if (subjects.isEmpty()) {
            problems.add(path, "a condition needs one of attribute, property or score (or all/any/not)");
            return null;
        }
        if (subjects.size() > 1) {
            problems.add(path, "one subject per condition, found " + subjects + "; combine them with all: [...]");
            return null;
        }
        if (operators.isEmpty()) {
            if (ok) {
                problems.add(path, "missing operator (one of " + Operator.wireNames() + ")");
            }
            return null;
        }
        if (operators.size() > 1) {
            problems.add(path, "one operator per condition, found " + operators + "; combine them with all: [...]");
            return null;
        }
        Condition.Subject subject = subject(subjects.get(0), node.get(subjects.get(0)), path, place);
        String opName = operators.get(0);
        Predicate predicate = predicate(Operator.fromWire(opName).orElseThrow(), node.get(opName), path + "." + opName);
        if (!ok || subject == null || predicate == null) {
            return null;
        }
        if (subject instanceof Condition.ScoreSubject s && predicate instanceof Predicate.Compare c) {
            return new Condition.ScoreComparison(s.score(), c);
        }
        return new Condition.Comparison(subject, predicate);
    }

    private Condition.@Nullable Subject subject(String key, JsonNode value, String path, Place place) {
        Subject kind = Subject.valueOf(key.toUpperCase(java.util.Locale.ROOT));
        String at = path + "." + key;
        if (!place.allowed.contains(kind)) {
            problems.add(at, "'" + key + "' cannot be used here: " + place.why);
            return null;
        }
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(
                    at,
                    "must be a name such as "
                            + switch (kind) {
                                case ATTRIBUTE -> "company.employees";
                                case PROPERTY -> "category";
                                case SCORE -> "engagement";
                            });
            return null;
        }
        String name = value.asText().intern(); // the same instance as interned field names: equals is then ==
        return switch (kind) {
            case ATTRIBUTE -> new Condition.AttributeSubject(name);
            case PROPERTY -> new Condition.PropertySubject(name);
            case SCORE ->
                switch (name) {
                    case "fit" -> new Condition.ScoreSubject(Score.FIT);
                    case "engagement" -> new Condition.ScoreSubject(Score.ENGAGEMENT);
                    case "probability" -> {
                        if (predictive) {
                            yield new Condition.ScoreSubject(Score.PROBABILITY);
                        }
                        problems.add(
                                at,
                                "score 'probability' needs a predictive: section in the model, which says "
                                        + "what it predicts (docs/PREDICTIVE.md); or use fit or engagement");
                        yield null;
                    }
                    default -> {
                        problems.add(
                                at,
                                "unknown score '" + name + "'"
                                        + Problems.didYouMean(
                                                name, List.of("fit", "engagement", "probability"), Map.of())
                                        + " (scores are fit, engagement, probability)");
                        yield null;
                    }
                };
        };
    }

    private @Nullable Predicate predicate(Operator op, JsonNode value, String at) {
        return switch (op) {
            case EQ, NE -> {
                if (!isScalar(value)) {
                    problems.add(
                            at,
                            "'" + op.wireName() + "' takes one value (a string, number or boolean)"
                                    + (value != null && value.isArray()
                                            ? "; for a list use " + (op == Operator.EQ ? "in" : "not_in")
                                            : ""));
                    yield null;
                }
                yield new Predicate.Equals(Operand.of(literal(value)), op == Operator.NE);
            }
            case IN, NOT_IN -> {
                if (value == null || !value.isArray() || value.isEmpty()) {
                    problems.add(at, "'" + op.wireName() + "' takes a non-empty list, e.g. [director, vp]");
                    yield null;
                }
                List<Operand> operands = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    if (!isScalar(value.get(i))) {
                        problems.add(at + "[" + i + "]", "list items must be strings, numbers or booleans");
                        yield null;
                    }
                    operands.add(Operand.of(literal(value.get(i))));
                }
                yield new Predicate.In(List.copyOf(operands), op == Operator.NOT_IN);
            }
            case GT, GTE, LT, LTE -> {
                if (value == null || !value.isNumber() || !Double.isFinite(value.doubleValue())) {
                    problems.add(at, "'" + op.wireName() + "' takes a finite number");
                    yield null;
                }
                yield new Predicate.Compare(op, value.doubleValue());
            }
            case CONTAINS, STARTS_WITH, ENDS_WITH -> {
                if (!isScalar(value) || value.asText().isEmpty()) {
                    problems.add(at, "'" + op.wireName() + "' takes a non-empty string");
                    yield null;
                }
                yield new Predicate.Text(op, value.asText());
            }
            case MATCHES -> {
                if (value == null || !value.isTextual()) {
                    problems.add(at, "'matches' takes a regular expression string");
                    yield null;
                }
                try {
                    yield new Predicate.Matches(Pattern.compile(value.asText()));
                } catch (PatternSyntaxException e) {
                    problems.add(
                            at,
                            "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex()
                                    + " of '" + value.asText() + "'");
                    yield null;
                }
            }
            case EXISTS -> {
                if (value == null || !value.isBoolean()) {
                    problems.add(at, "'exists' takes true or false");
                    yield null;
                }
                yield new Predicate.Exists(value.booleanValue());
            }
        };
    }

    private static boolean isScalar(JsonNode v) {
        return v != null && (v.isTextual() || v.isBoolean() || (v.isNumber() && Double.isFinite(v.doubleValue())));
    }

    private static Object literal(JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return v.asText();
    }
}
