package dev.leadflow.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadflow.input.EventNames;
import dev.leadflow.model.ConditionParser.Place;
import dev.leadflow.predict.Predictive;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a model from YAML (docs/MODEL.md) and validates it whole: a model is either compiled into a
 * {@link Model} or refused with every error listed by path. Thread-safe.
 */
public final class ModelParser {

    /** The largest {@code limit.count}: a window remembers this many scored matches per lead and rule. */
    static final int MAX_LIMIT_COUNT = 10_000;

    private static final Set<String> TOP =
            Set.of("name", "version", "description", "fit", "engagement", "lifecycle", "grades", "predictive");
    private static final Set<String> FIT_RULE = Set.of("name", "description", "if", "points");
    private static final Set<String> ENGAGEMENT = Set.of("half_life", "rules");
    private static final Set<String> ENGAGEMENT_RULE = Set.of("name", "description", "on", "if", "points", "limit");
    private static final Set<String> LIMIT = Set.of("count", "per");
    private static final Set<String> LIFECYCLE =
            Set.of("conversions", "mql", "fast_lane", "requalify_after", "expire_mql");
    private static final Set<String> FAST_LANE = Set.of("on", "if");
    private static final Set<String> GRADES = Set.of("fit", "engagement");
    /** A version given as a string: what a model id ({@code name@version}) and a file name can carry. */
    private static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    private static final Map<String, String> SYNONYMS = Map.of(
            "when",
            "if",
            "condition",
            "if",
            "score",
            "points",
            "halflife",
            "half_life",
            "event",
            "on",
            "cooldown",
            "requalify_after");

    /** The result of reading a model. */
    public sealed interface Result {
        record Valid(Model model) implements Result {}

        record Invalid(List<ModelError> errors) implements Result {}
    }

    /** Parses and validates {@code yamlText}. */
    public Result parse(String yamlText) {
        List<ModelError> unreadable = new ArrayList<>(1);
        JsonNode root = ConfigChecks.readYaml(yamlText, unreadable);
        if (root == null) {
            return new Result.Invalid(unreadable);
        }
        if (root == null || !root.isObject()) {
            return new Result.Invalid(List.of(new ModelError(
                    "",
                    "a model must be a YAML mapping with at least "
                            + "'name' (and usually fit, engagement, lifecycle)")));
        }
        Problems problems = new Problems();
        Model model = new Reader(problems, new ConditionParser(problems), new ConfigChecks(problems, SYNONYMS))
                .model(root, yamlText);
        return problems.isEmpty() && model != null ? new Result.Valid(model) : new Result.Invalid(problems.errors());
    }

    private record Reader(Problems problems, ConditionParser conditions, ConfigChecks checks) {

        @Nullable
        Model model(JsonNode root, String text) {
            checks.keys(root, "", TOP);
            String name = checks.string(root, "name", "", true);
            JsonNode versionNode = root.get("version");
            String version;
            if (versionNode == null || versionNode.isNull()) {
                version = contentHash(text);
            } else if (versionNode.isIntegralNumber()) {
                version = versionNode.asText();
                if (!versionNode.canConvertToInt() || versionNode.intValue() < 1) {
                    problems.add(
                            "version",
                            "'" + version + "' is not a whole number from 1 to " + Integer.MAX_VALUE
                                    + " (or a name such as \"2026-q3\")");
                }
            } else if (versionNode.isTextual()) {
                version = versionNode.asText();
                if (!VERSION_NAME.matcher(version).matches()) {
                    problems.add(
                            "version",
                            "'" + version + "' is not a version: 1 to 64 letters, digits and . _ + -,"
                                    + " starting with a letter or digit");
                }
            } else {
                problems.add("version", "must be a whole number or a string (quote decimals: version: \"1.10\")");
                version = "";
            }
            JsonNode p = root.get("predictive");
            if (p == null || p.isNull()) {
                conditions.withoutPredictive();
            }
            List<FitRule> fit = fit(root.get("fit"));
            Engagement engagement = engagement(root.get("engagement"));
            LifecycleRules lifecycle = lifecycle(root.get("lifecycle"));
            Optional<Grades> grades = grades(root.get("grades"));
            Optional<Predictive> predictive =
                    p == null || p.isNull() ? Optional.empty() : Optional.ofNullable(PredictiveSection.read(p, checks));
            if (!problems.isEmpty()) {
                return null;
            }
            return new Model( // no problems: every part was read
                    Objects.requireNonNull(name),
                    version,
                    Objects.requireNonNull(fit),
                    Objects.requireNonNull(engagement),
                    Objects.requireNonNull(lifecycle),
                    grades,
                    predictive,
                    Optional.empty());
        }

        @Nullable
        List<FitRule> fit(JsonNode node) {
            List<FitRule> rules = new ArrayList<>();
            if (node == null || node.isNull()) {
                return rules;
            }
            if (!node.isArray()) {
                problems.add("fit", "must be a list of rules (- name: …, if: …, points: …)");
                return rules;
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                String path = "fit[" + i + "]";
                JsonNode r = node.get(i);
                if (!checks.mapping(r, path)) {
                    continue;
                }
                checks.keys(r, path, FIT_RULE);
                String name = ruleName(r, path, names);
                Double points = checks.points(r, path);
                Condition c = r.has("if") ? conditions.parse(r.get("if"), path + ".if", Place.FIT) : null;
                if (!r.has("if")) {
                    problems.add(path + ".if", "missing: a fit rule needs a condition on the profile");
                }
                if (name != null && points != null && c != null) {
                    rules.add(new FitRule(name, c, points, Condition.attributeKeys(c)));
                }
            }
            return rules;
        }

        @Nullable
        Engagement engagement(JsonNode node) {
            if (node == null || node.isNull()) {
                return new Engagement(Engagement.NO_DECAY, List.of());
            }
            if (!checks.mapping(node, "engagement")) {
                return null;
            }
            checks.keys(node, "engagement", ENGAGEMENT);
            JsonNode rulesNode = node.get("rules");
            List<EngagementRule> rules = new ArrayList<>();
            if (rulesNode != null && !rulesNode.isNull() && !rulesNode.isArray()) {
                problems.add("engagement.rules", "must be a list of rules (- name: …, on: …, points: …)");
            } else if (rulesNode != null) {
                Set<String> names = new HashSet<>();
                for (int i = 0; i < rulesNode.size(); i++) {
                    EngagementRule rule = engagementRule(rulesNode.get(i), "engagement.rules[" + i + "]", names);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
            long halfLife = Engagement.NO_DECAY;
            JsonNode hl = node.get("half_life");
            if (hl == null || hl.isNull()) {
                if (rulesNode != null && !rulesNode.isEmpty()) {
                    problems.add(
                            "engagement.half_life",
                            "missing: engagement decays with one half-life, "
                                    + "e.g. half_life: 30d (or half_life: never for no decay)");
                }
            } else if (!(hl.isTextual() && hl.asText().equals("never"))) {
                Long d = checks.duration(node, "half_life", "engagement");
                if (d != null && d == 0) {
                    problems.add("engagement.half_life", "must be longer than zero (or 'never')");
                } else if (d != null) {
                    halfLife = d;
                }
            }
            return new Engagement(halfLife, rules);
        }

        @Nullable
        EngagementRule engagementRule(JsonNode r, String path, Set<String> names) {
            if (!checks.mapping(r, path)) {
                return null;
            }
            checks.keys(r, path, ENGAGEMENT_RULE);
            String name = ruleName(r, path, names);
            Set<String> on = eventNames(r.get("on"), path + ".on");
            Double points = checks.points(r, path);
            Condition c = r.has("if") ? conditions.parse(r.get("if"), path + ".if", Place.EVENT) : Condition.ALWAYS;
            Optional<EngagementRule.Limit> limit = Optional.empty();
            JsonNode l = r.get("limit");
            if (l != null && checks.mapping(l, path + ".limit")) {
                checks.keys(l, path + ".limit", LIMIT);
                JsonNode count = l.get("count");
                Long per = checks.duration(l, "per", path + ".limit");
                if (count == null
                        || !count.canConvertToInt()
                        || !count.isIntegralNumber()
                        || count.intValue() < 1
                        || count.intValue() > MAX_LIMIT_COUNT) {
                    problems.add(path + ".limit.count", "must be a whole number from 1 to " + MAX_LIMIT_COUNT);
                } else if (per != null && per > 0) {
                    limit = Optional.of(new EngagementRule.Limit(count.intValue(), per));
                } else if (per != null) {
                    problems.add(path + ".limit.per", "must be longer than zero");
                }
            }
            if (name == null || on == null || points == null || c == null) {
                return null;
            }
            return new EngagementRule(name, on, c, points, limit);
        }

        @Nullable
        LifecycleRules lifecycle(JsonNode node) {
            if (node == null || node.isNull()) {
                return new LifecycleRules(
                        Set.copyOf(LifecycleRules.DEFAULT_CONVERSIONS),
                        Optional.empty(),
                        List.of(),
                        LifecycleRules.DEFAULT_REQUALIFY_AFTER,
                        true);
            }
            if (!checks.mapping(node, "lifecycle")) {
                return null;
            }
            checks.keys(node, "lifecycle", LIFECYCLE);
            Set<String> conversions = node.has("conversions")
                    ? eventNames(node.get("conversions"), "lifecycle.conversions")
                    : Set.copyOf(LifecycleRules.DEFAULT_CONVERSIONS);
            Optional<Condition> mql = Optional.empty();
            if (node.has("mql") && !node.get("mql").isNull()) {
                mql = Optional.ofNullable(conditions.parse(node.get("mql"), "lifecycle.mql", Place.MQL));
            }
            List<LifecycleRules.FastLane> fastLane = new ArrayList<>();
            JsonNode fl = node.get("fast_lane");
            if (fl != null && !fl.isNull()) {
                if (!fl.isArray()) {
                    problems.add("lifecycle.fast_lane", "must be a list such as [ { on: demo_requested } ]");
                } else {
                    for (int i = 0; i < fl.size(); i++) {
                        String path = "lifecycle.fast_lane[" + i + "]";
                        JsonNode f = fl.get(i);
                        if (!checks.mapping(f, path)) {
                            continue;
                        }
                        checks.keys(f, path, FAST_LANE);
                        Set<String> on = eventNames(f.get("on"), path + ".on");
                        Condition c = f.has("if")
                                ? conditions.parse(f.get("if"), path + ".if", Place.EVENT)
                                : Condition.ALWAYS;
                        if (on != null && c != null) {
                            on.forEach(e -> fastLane.add(new LifecycleRules.FastLane(e, c)));
                        }
                    }
                }
            }
            Long requalify = node.has("requalify_after")
                    ? checks.duration(node, "requalify_after", "lifecycle")
                    : Long.valueOf(LifecycleRules.DEFAULT_REQUALIFY_AFTER);
            boolean expire = true;
            JsonNode ex = node.get("expire_mql");
            if (ex != null && !ex.isNull()) {
                if (!ex.isBoolean()) {
                    problems.add("lifecycle.expire_mql", "must be true or false");
                } else {
                    expire = ex.booleanValue();
                }
            }
            if (conversions == null || requalify == null) {
                return null;
            }
            return new LifecycleRules(conversions, mql, fastLane, requalify, expire);
        }

        Optional<Grades> grades(JsonNode node) {
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (!checks.mapping(node, "grades")) {
                return Optional.empty();
            }
            checks.keys(node, "grades", GRADES);
            double[] fit = thresholds(node.get("fit"), "grades.fit", List.of("A", "B", "C"));
            double[] eng = thresholds(node.get("engagement"), "grades.engagement", List.of("1", "2", "3"));
            if (fit == null || eng == null) {
                return Optional.empty();
            }
            return Optional.of(new Grades(fit[0], fit[1], fit[2], eng[0], eng[1], eng[2]));
        }

        double @Nullable [] thresholds(JsonNode node, String path, List<String> names) {
            if (node == null || !node.isObject()) {
                problems.add(
                        path,
                        "must map " + String.join(", ", names) + " to the lowest score of each grade, " + "e.g. { "
                                + names.get(0) + ": 60, " + names.get(1) + ": 40, " + names.get(2) + ": 20 }");
                return null;
            }
            checks.keys(node, path, Set.copyOf(names));
            double[] out = new double[names.size()];
            boolean ok = true;
            for (int i = 0; i < names.size(); i++) {
                JsonNode v = node.get(names.get(i));
                if (v == null || !v.isNumber()) {
                    problems.add(path + "." + names.get(i), "missing or not a number");
                    ok = false;
                } else {
                    out[i] = v.doubleValue();
                }
            }
            if (ok && !(out[0] > out[1] && out[1] > out[2])) {
                problems.add(
                        path,
                        "thresholds must fall from " + names.get(0) + " to " + names.get(2)
                                + " (best grade needs the highest score)");
                ok = false;
            }
            return ok ? out : null;
        }

        // ------------------------------------------------------------ helpers

        @Nullable
        String ruleName(JsonNode r, String path, Set<String> names) {
            String name = checks.string(r, "name", path, true);
            if (name != null && !names.add(name)) {
                problems.add(path + ".name", "duplicate rule name '" + name + "': names identify ledger entries");
                return null;
            }
            return name;
        }

        @Nullable
        Set<String> eventNames(JsonNode node, String path) {
            List<JsonNode> items = new ArrayList<>();
            if (node == null || node.isNull()) {
                problems.add(path, "missing: an event name such as demo_requested, or page");
                return null;
            }
            if (node.isArray()) {
                node.forEach(items::add);
            } else {
                items.add(node);
            }
            Set<String> names = new LinkedHashSet<>();
            boolean ok = true;
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                String at = node.isArray() ? path + "[" + i + "]" : path;
                if (!item.isTextual() || EventNames.snakeCase(item.asText()).isEmpty()) {
                    problems.add(at, "must be an event name such as demo_requested");
                    ok = false;
                } else if (!EventNames.isSnakeCase(item.asText())) {
                    problems.add(
                            at,
                            "event names are matched in snake_case: write '" + EventNames.snakeCase(item.asText())
                                    + "' for '" + item.asText() + "'");
                    ok = false;
                } else {
                    names.add(item.asText().intern());
                }
            }
            return ok ? names : null;
        }

        static String contentHash(String text) {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(d, 0, 4);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
