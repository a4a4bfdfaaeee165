package dev.leadflow.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadflow.handoff.HandoffConfig.Escalation;
import dev.leadflow.handoff.HandoffConfig.EscalationAction;
import dev.leadflow.handoff.HandoffConfig.Member;
import dev.leadflow.handoff.HandoffConfig.Notice;
import dev.leadflow.handoff.HandoffConfig.NurtureTrack;
import dev.leadflow.handoff.HandoffConfig.RoutingRule;
import dev.leadflow.handoff.HandoffConfig.Sla;
import dev.leadflow.handoff.HandoffConfig.Strategy;
import dev.leadflow.handoff.HandoffConfig.Team;
import dev.leadflow.handoff.HandoffConfig.Webhook;
import dev.leadflow.handoff.WorkingHours.Window;
import dev.leadflow.model.Condition;
import dev.leadflow.model.ConfigChecks;
import dev.leadflow.model.ModelError;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a hand-off configuration from YAML and validates it whole: either a {@link HandoffConfig}
 * or every error by path, as the model parser does. Thread-safe.
 */
public final class HandoffParser {

    /** The shortest webhook secret accepted: 16 characters (an HMAC key should not be guessable). */
    static final int MIN_SECRET_LENGTH = 16;
    /** The longest SLA or escalation delay: 30 days of working time (an SLA is hours or days). */
    static final long MAX_SLA_MILLIS = 30L * 86_400_000L;
    /** http(s), optional user info, a host (a name, IPv4, or [IPv6]), an optional port, then anything without spaces. */
    private static final java.util.regex.Pattern HTTP_URL = java.util.regex.Pattern.compile(
            "https?://(?:[^@/\\s]+@)?(?:[A-Za-z0-9._~-]+|\\[[0-9A-Fa-f:.]+])(?::\\d{1,5})?(?:[/?#]\\S*)?");

    private static final Set<String> TOP =
            Set.of("teams", "routing", "sla", "webhooks", "score_thresholds", "nurture", "retention");
    private static final Set<String> TEAM =
            Set.of("id", "name", "time_zone", "working_hours", "holidays", "sla", "members");
    private static final Set<String> MEMBER =
            Set.of("id", "name", "email", "weight", "capacity", "available", "time_zone", "working_hours", "holidays");
    private static final Set<String> RULE = Set.of("name", "if", "team", "strategy");
    private static final Set<String> SLA = Set.of("accept_within", "first_touch_within", "warn_at", "escalation");
    private static final Set<String> STEP = Set.of("action", "after");
    private static final Set<String> WEBHOOK = Set.of("name", "url", "secret", "events");
    private static final Set<String> SCORES = Set.of("fit", "engagement");
    private static final Set<String> TRACK = Set.of("track", "reasons", "if");
    /** Reasons a lead is recycled for, to catch a misspelt one in a track (any other reason is allowed). */
    static final Set<String> KNOWN_REASONS =
            Set.of("premature", "inaccurate_data", "other", "expired", "sla_breach", "lost");

    private static final Map<String, String> SYNONYMS = Map.of(
            "when",
            "if",
            "condition",
            "if",
            "timezone",
            "time_zone",
            "tz",
            "time_zone",
            "hours",
            "working_hours",
            "rules",
            "routing");

    /** The result of reading a configuration. */
    public sealed interface Result {
        record Valid(HandoffConfig config) implements Result {}

        record Invalid(List<ModelError> errors) implements Result {}
    }

    /**
     * Parses and validates {@code yamlText}. An empty document (no text, {@code null}, {@code ~}, only
     * comments) is refused: sent by mistake it would remove every team; {@code teams: []} says so on purpose.
     */
    public Result parse(String yamlText) {
        List<ModelError> unreadable = new ArrayList<>(1);
        JsonNode root = ConfigChecks.readYaml(yamlText, unreadable);
        if (root == null) {
            return new Result.Invalid(unreadable);
        }
        if (isEmpty(root)) {
            return new Result.Invalid(List.of(new ModelError("", EMPTY_MESSAGE)));
        }
        ConfigChecks checks = new ConfigChecks(SYNONYMS);
        if (!checks.mapping(root, "")) {
            return new Result.Invalid(checks.errors());
        }
        HandoffConfig config = new Reader(checks, new HoursParser(checks)).config(root);
        return checks.isEmpty()
                ? new Result.Valid(Objects.requireNonNull(config))
                : new Result.Invalid(checks.errors());
    }

    /**
     * Like {@link #parse}, but an empty document is {@link HandoffConfig#EMPTY}: for configurations stored
     * before empty ones were refused, so that an instance holding one still starts.
     */
    public Result parseStored(String yamlText) {
        JsonNode root = ConfigChecks.readYaml(yamlText, new ArrayList<>(1));
        return root != null && isEmpty(root) ? new Result.Valid(HandoffConfig.EMPTY) : parse(yamlText);
    }

    private static final String EMPTY_MESSAGE = "the configuration is empty; to run with no teams, send 'teams: []'";

    private static boolean isEmpty(JsonNode root) {
        return root.isNull() || root.isMissingNode();
    }

    /** Whether {@code url} is an http or https address (checked by pattern: the engine stays off java.net). */
    static boolean httpUrl(String url) {
        return HTTP_URL.matcher(url).matches();
    }

    private record Reader(ConfigChecks checks, HoursParser hours) {

        /** The configuration; null when {@code checks} holds an error. */
        @Nullable
        HandoffConfig config(JsonNode root) {
            checks.keys(root, "", TOP);
            Sla sla = root.has("sla") ? sla(root.get("sla"), "sla", Sla.DEFAULT) : Sla.DEFAULT;
            Sla teamDefaults = sla == null ? Sla.DEFAULT : sla; // its own errors are reported once, above
            List<Team> teams = checks.list(root, "teams", (n, p) -> team(n, p, teamDefaults));
            checks.unique(teams, Team::id, "teams", "id", "team");
            uniqueMembers(teams);
            Set<String> teamIds = writtenTeamIds(root);
            List<RoutingRule> routing = checks.list(root, "routing", (n, p) -> rule(n, p, teamIds));
            checks.unique(routing, RoutingRule::name, "routing", "name", "routing rule");
            List<Webhook> webhooks = checks.list(root, "webhooks", this::webhook);
            checks.unique(webhooks, Webhook::name, "webhooks", "name", "webhook");
            Map<String, List<Double>> thresholds = thresholds(root.get("score_thresholds"));
            List<NurtureTrack> nurture = checks.list(root, "nurture", this::track);
            checks.unique(nurture, NurtureTrack::name, "nurture", "track", "nurture track");
            Optional<Long> retention = retention(root.get("retention"));
            return checks.isEmpty() && sla != null
                    ? new HandoffConfig(teams, routing, sla, webhooks, thresholds, nurture, retention)
                    : null;
        }

        /** {@code retention: { raw_events: 3y }}: at least a day; empty when absent (or after an error). */
        private Optional<Long> retention(@Nullable JsonNode node) {
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (!node.isObject()) {
                checks.add("retention", "expected a map like { raw_events: 3y }");
                return Optional.empty();
            }
            checks.keys(node, "retention", Set.of("raw_events"));
            Long d = checks.positive(node, "raw_events", "retention");
            if (d != null && d < 86_400_000L) {
                checks.add("retention.raw_events", "must be at least 1d");
                return Optional.empty();
            }
            return Optional.ofNullable(d);
        }

        /**
         * The team ids as written, so that a team's own errors do not also fail its rules; null (no
         * check) when {@code teams} is no list.
         */
        static @Nullable Set<String> writtenTeamIds(JsonNode root) {
            JsonNode teams = root.path("teams");
            if (!teams.isArray()) {
                return teams.isMissingNode() ? new HashSet<>() : null;
            }
            Set<String> ids = new HashSet<>();
            teams.forEach(t -> {
                if (t.path("id").isTextual()) {
                    ids.add(t.get("id").asText());
                }
            });
            return ids;
        }

        @Nullable
        Team team(JsonNode node, String path, Sla defaults) {
            checks.keys(node, path, TEAM);
            String id = checks.id(node, "id", path);
            String name = checks.string(node, "name", path, false);
            ZoneId zone = hours.zone(node, path, null);
            Map<DayOfWeek, List<Window>> week = hours.week(node, path, HoursParser.DEFAULT_WEEK);
            Set<LocalDate> holidays = hours.holidays(node, path, Set.of());
            Sla sla = node.has("sla") ? sla(node.get("sla"), path + ".sla", defaults) : defaults;
            List<Member> members = new ArrayList<>();
            JsonNode list = node.get("members");
            if (list == null || !list.isArray() || list.isEmpty()) {
                checks.add(path + ".members", "a team needs a list of members (- id: …, name: …)");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    String at = path + ".members[" + i + "]";
                    if (checks.mapping(list.get(i), at)) {
                        // a team's own errors stand in for its members' (no "time_zone: missing" for each)
                        Member m = member(
                                list.get(i),
                                at,
                                zone == null ? java.time.ZoneOffset.UTC : zone,
                                week == null ? HoursParser.DEFAULT_WEEK : week,
                                holidays);
                        if (m != null) {
                            members.add(m);
                        }
                    }
                }
                checks.unique(members, Member::id, path + ".members", "id", "member");
            }
            if (id == null || zone == null || week == null || sla == null) {
                return null;
            }
            return new Team(id, name == null ? id : name, HoursParser.hours(zone, week, holidays), sla, members);
        }

        @Nullable
        Member member(
                JsonNode node,
                String path,
                ZoneId teamZone,
                Map<DayOfWeek, List<Window>> teamWeek,
                Set<LocalDate> teamHolidays) {
            checks.keys(node, path, MEMBER);
            String id = checks.id(node, "id", path);
            String name = checks.string(node, "name", path, false);
            String email = checks.string(node, "email", path, false);
            Integer weight = checks.wholeNumber(node, "weight", path, 1, 1, 1000);
            Integer capacity =
                    node.hasNonNull("capacity") ? checks.wholeNumber(node, "capacity", path, 0, 0, 100_000) : null;
            boolean available = checks.bool(node, "available", path, true);
            ZoneId zone = hours.zone(node, path, teamZone);
            Map<DayOfWeek, List<Window>> week = hours.week(node, path, teamWeek);
            Set<LocalDate> holidays = hours.holidays(node, path, teamHolidays);
            if (id == null || weight == null || zone == null || week == null) {
                return null;
            }
            return new Member(
                    id,
                    name == null ? id : name,
                    email,
                    weight,
                    Optional.ofNullable(capacity),
                    available,
                    HoursParser.hours(zone, week, holidays));
        }

        @Nullable
        RoutingRule rule(JsonNode node, String path, @Nullable Set<String> teams) {
            checks.keys(node, path, RULE);
            String name = checks.string(node, "name", path, true);
            Optional<Condition> condition = Optional.empty();
            boolean conditionOk = true;
            if (node.has("if") && !node.get("if").isNull()) {
                condition = Optional.ofNullable(checks.leadCondition(node.get("if"), path + ".if"));
                conditionOk = condition.isPresent();
            }
            String team = checks.string(node, "team", path, true);
            if (team != null && teams != null && !teams.contains(team)) {
                checks.add(
                        path + ".team",
                        "no team '" + team + "'" + ConfigChecks.suggestion(team, teams) + "; teams: "
                                + String.join(", ", new java.util.TreeSet<>(teams)));
                team = null;
            }
            Strategy strategy =
                    checks.choice(node, "strategy", path, Strategy.values(), Strategy::wireName, Strategy.ROUND_ROBIN);
            if (name == null || !conditionOk || team == null || strategy == null) {
                return null;
            }
            return new RoutingRule(name, condition, team, strategy);
        }

        @Nullable
        Sla sla(JsonNode node, String path, Sla defaults) {
            if (!checks.mapping(node, path)) {
                return null;
            }
            checks.keys(node, path, SLA);
            Long accept = node.has("accept_within")
                    ? slaLength(node, "accept_within", path)
                    : Long.valueOf(defaults.acceptWithinMillis());
            Long touch = node.has("first_touch_within")
                    ? slaLength(node, "first_touch_within", path)
                    : Long.valueOf(defaults.firstTouchWithinMillis());
            Double warnAt = defaults.warnAt();
            if (node.has("warn_at")) {
                warnAt = checks.number(node, "warn_at", path);
                if (warnAt != null && !(warnAt > 0 && warnAt < 1)) {
                    checks.add(path + ".warn_at", "must be a fraction of the SLA between 0 and 1, e.g. 0.75");
                    warnAt = null;
                }
            }
            List<Escalation> steps = node.has("escalation")
                    ? escalation(node.get("escalation"), path + ".escalation")
                    : defaults.escalation();
            if (accept == null || touch == null || warnAt == null || steps == null) {
                return null;
            }
            return new Sla(accept, touch, warnAt, steps);
        }

        @Nullable
        List<Escalation> escalation(@Nullable JsonNode node, String path) {
            if (node == null || !node.isArray()) {
                checks.add(
                        path,
                        "must be a list of steps such as [ { action: notify }, { action: reassign, after: 2h } ]");
                return null;
            }
            List<Escalation> steps = new ArrayList<>();
            long previous = 0;
            for (int i = 0; i < node.size(); i++) {
                String at = path + "[" + i + "]";
                JsonNode step = node.get(i);
                if (!checks.mapping(step, at)) {
                    continue;
                }
                checks.keys(step, at, STEP);
                EscalationAction action =
                        checks.choice(step, "action", at, EscalationAction.values(), EscalationAction::wireName, null);
                Long after = step.has("after") ? checks.duration(step, "after", at) : Long.valueOf(0);
                if (after != null && after > MAX_SLA_MILLIS) {
                    checks.add(at + ".after", "at most 30d of working time");
                    after = null;
                }
                if (after != null && after < previous) {
                    checks.add(at + ".after", "steps run in order: this one cannot come before the one above it");
                }
                if (action != null && after != null) {
                    previous = after;
                    steps.add(new Escalation(action, after));
                }
            }
            return steps;
        }

        /** A member id names one person: owners, loads and capacity are by member id. */
        void uniqueMembers(List<Team> teams) {
            Map<String, String> teamOf = new HashMap<>();
            for (Team t : teams) {
                for (Member m : t.members()) {
                    String other = teamOf.putIfAbsent(m.id(), t.id());
                    if (other != null && !other.equals(t.id())) {
                        checks.add(
                                "teams",
                                "member '" + m.id() + "' is in more than one team (a member id names one "
                                        + "person, who belongs to one team)");
                    }
                }
            }
        }

        @Nullable
        Long slaLength(JsonNode node, String key, String path) {
            Long d = checks.positive(node, key, path);
            if (d != null && d > MAX_SLA_MILLIS) {
                checks.add(path + "." + key, "at most 30d of working time");
                return null;
            }
            return d;
        }

        @Nullable
        Webhook webhook(JsonNode node, String path) {
            checks.keys(node, path, WEBHOOK);
            String name = checks.id(node, "name", path);
            String url = checks.string(node, "url", path, true);
            if (url != null && !httpUrl(url)) {
                checks.add(path + ".url", "must be an http:// or https:// address, not '" + url + "'");
                url = null;
            }
            String secret = checks.string(node, "secret", path, true);
            if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
                checks.add(
                        path + ".secret",
                        "must be at least " + MIN_SECRET_LENGTH + " characters (it keys the "
                                + "HMAC-SHA256 signature)");
                secret = null;
            }
            Set<Notice> notices = EnumSet.allOf(Notice.class);
            JsonNode events = node.get("events");
            if (events != null && !events.isNull()) {
                notices = EnumSet.noneOf(Notice.class);
                List<JsonNode> items = new ArrayList<>();
                if (events.isArray()) {
                    events.forEach(items::add);
                } else {
                    items.add(events);
                }
                for (int i = 0; i < items.size(); i++) {
                    String at = events.isArray() ? path + ".events[" + i + "]" : path + ".events";
                    Notice n = checks.named(items.get(i).asText(), at, Notice.values(), Notice::wireName);
                    if (n != null) {
                        notices.add(n);
                    }
                }
            }
            if (name == null || url == null || secret == null) {
                return null;
            }
            return new Webhook(name, url, secret, notices);
        }

        Map<String, List<Double>> thresholds(@Nullable JsonNode node) {
            Map<String, List<Double>> out = new LinkedHashMap<>();
            if (node == null || node.isNull() || !checks.mapping(node, "score_thresholds")) {
                return out;
            }
            checks.keys(node, "score_thresholds", SCORES);
            for (String score : List.of("fit", "engagement")) {
                JsonNode list = node.get(score);
                String at = "score_thresholds." + score;
                if (list == null) {
                    continue;
                }
                if (!list.isArray() || list.isEmpty()) {
                    checks.add(at, "must be a list of scores, e.g. [40, 80]");
                    continue;
                }
                List<Double> values = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    if (!list.get(i).isNumber() || !Double.isFinite(list.get(i).doubleValue())) {
                        checks.add(at + "[" + i + "]", "must be a number");
                    } else {
                        values.add(list.get(i).doubleValue());
                    }
                }
                out.put(score, values.stream().distinct().sorted().toList());
            }
            return out;
        }

        @Nullable
        NurtureTrack track(JsonNode node, String path) {
            checks.keys(node, path, TRACK);
            String name = checks.id(node, "track", path);
            Set<String> reasons = new LinkedHashSet<>();
            JsonNode list = node.get("reasons");
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    checks.add(path + ".reasons", "must be a list such as [premature, expired]");
                } else {
                    for (int i = 0; i < list.size(); i++) {
                        String reason = list.get(i).asText();
                        Optional<String> near = ConfigChecks.suggest(reason, KNOWN_REASONS);
                        if (!KNOWN_REASONS.contains(reason) && near.isPresent()) {
                            checks.add(
                                    path + ".reasons[" + i + "]",
                                    "unknown reason '" + reason + "' (did you mean '" + near.get() + "'?)");
                        } else {
                            reasons.add(reason);
                        }
                    }
                }
            }
            Optional<Condition> condition = Optional.empty();
            if (node.has("if") && !node.get("if").isNull()) {
                condition = Optional.ofNullable(checks.leadCondition(node.get("if"), path + ".if"));
                if (condition.isEmpty()) {
                    return null;
                }
            }
            return name == null ? null : new NurtureTrack(name, reasons, condition);
        }
    }
}
