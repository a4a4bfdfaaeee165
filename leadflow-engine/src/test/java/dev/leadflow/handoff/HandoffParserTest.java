package dev.leadflow.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.handoff.HandoffConfig.Escalation;
import dev.leadflow.handoff.HandoffConfig.EscalationAction;
import dev.leadflow.handoff.HandoffConfig.Notice;
import dev.leadflow.handoff.HandoffConfig.Strategy;
import dev.leadflow.model.ModelError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The hand-off configuration parser")
class HandoffParserTest {

    private static final HandoffParser PARSER = new HandoffParser();

    private static HandoffConfig valid(String yaml) {
        HandoffParser.Result r = PARSER.parse(yaml);
        assertThat(r).as("%s", r).isInstanceOf(HandoffParser.Result.Valid.class);
        return ((HandoffParser.Result.Valid) r).config();
    }

    private static List<String> errors(String yaml) {
        HandoffParser.Result r = PARSER.parse(yaml);
        assertThat(r).isInstanceOf(HandoffParser.Result.Invalid.class);
        return ((HandoffParser.Result.Invalid) r)
                .errors().stream().map(ModelError::toString).toList();
    }

    static String exampleText() throws IOException {
        try (InputStream in = HandoffParserTest.class.getResourceAsStream("/dev/leadflow/examples/handoff.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName(
            "reads examples/handoff.yaml whole: teams, members with inherited and own hours, rules, SLAs, webhooks, tracks")
    void example() throws IOException {
        HandoffConfig c = valid(exampleText());
        assertThat(c.teams()).extracting(HandoffConfig.Team::id).containsExactly("enterprise", "emea", "smb");
        HandoffConfig.Team enterprise = c.team("enterprise").orElseThrow();
        assertThat(enterprise.sla().acceptWithinMillis())
                .as("the team's own SLA")
                .isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(enterprise.sla().firstTouchWithinMillis())
                .as("the rest from the top-level SLA")
                .isEqualTo(Duration.ofHours(24).toMillis());
        assertThat(enterprise.sla().escalation())
                .containsExactly(
                        new Escalation(EscalationAction.NOTIFY, 0),
                        new Escalation(
                                EscalationAction.REASSIGN, Duration.ofHours(2).toMillis()),
                        new Escalation(
                                EscalationAction.RECYCLE, Duration.ofDays(1).toMillis()));
        HandoffConfig.Member maria = enterprise.members().get(0);
        assertThat(maria.weight()).isEqualTo(2);
        assertThat(maria.capacity()).contains(30);
        assertThat(maria.available()).isTrue();
        // Thanksgiving (2026-11-26) is a team holiday: Wednesday 17:00 + 1h is half an hour that day, then Friday 09:00
        assertThat(maria.hours().plus(Instant.parse("2026-11-25T22:00:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-11-27T14:00:00Z"));

        HandoffConfig.Team emea = c.team("emea").orElseThrow();
        assertThat(emea.sla()).isEqualTo(c.sla());
        assertThat(emea.members().get(1).available()).isFalse();
        assertThat(emea.members().get(0).capacity()).contains(25);
        assertThat(emea.members().get(2).hours().zone()).isEqualTo(ZoneId.of("Europe/Rome"));
        assertThat(emea.hours().isWorking(Instant.parse("2026-11-23T08:30:00Z")))
                .as("09:30 in Berlin, by default")
                .isTrue();
        assertThat(emea.hours().isWorking(Instant.parse("2026-11-23T16:30:00Z")))
                .as("17:30 in Berlin")
                .isFalse();

        assertThat(c.routing())
                .extracting(HandoffConfig.RoutingRule::strategy)
                .containsExactly(Strategy.WEIGHTED, Strategy.LEAST_LOADED, Strategy.ROUND_ROBIN);
        assertThat(c.routing().get(2).condition()).isEmpty();
        assertThat(c.webhooks().get(0).notices())
                .containsExactlyInAnyOrder(Notice.STAGE_CHANGED, Notice.ASSIGNED, Notice.SLA_BREACHED);
        assertThat(c.webhooks().get(0).toString()).doesNotContain("change-me");
        assertThat(c.scoreThresholds().get("engagement")).containsExactly(40.0, 80.0);
        assertThat(c.nurture())
                .extracting(HandoffConfig.NurtureTrack::name)
                .containsExactly("education", "data-fix", "win-back", "general");
        assertThat(c.nurture().get(3).reasons()).isEmpty();
    }

    @Test
    @DisplayName("an empty document is refused (it would remove every team); no teams is said with teams: []")
    void empty() {
        for (String text : List.of("", "   \n", "null", "~", "---", "---\n...", "# only a comment\n")) {
            assertThat(errors(text))
                    .as("'%s'", text)
                    .containsExactly("the configuration is empty; to run with no teams, send 'teams: []'");
        }
        assertThat(valid("teams: []")).isEqualTo(HandoffConfig.EMPTY);
        // one stored before this rule still loads, as no hand-off
        assertThat(PARSER.parseStored("")).isEqualTo(new HandoffParser.Result.Valid(HandoffConfig.EMPTY));
        assertThat(PARSER.parseStored("teams: [ { id: x } ]")).isInstanceOf(HandoffParser.Result.Invalid.class);
    }

    @Test
    @DisplayName("a minimal configuration takes every default")
    void defaults() {
        HandoffConfig c = valid("""
                teams:
                  - id: sales
                    time_zone: UTC
                    working_hours: always
                    members: [ { id: ann } ]
                routing: [ { name: all, team: sales } ]
                webhooks: [ { name: hook, url: "http://localhost:9000/x", secret: "0123456789abcdef" } ]
                """);
        HandoffConfig.Member ann = c.teams().get(0).members().get(0);
        assertThat(ann.weight()).isEqualTo(1);
        assertThat(ann.capacity()).isEqualTo(Optional.empty());
        assertThat(ann.hours().isAlways()).isTrue();
        assertThat(c.routing().get(0).strategy()).isEqualTo(Strategy.ROUND_ROBIN);
        assertThat(c.sla()).isEqualTo(HandoffConfig.Sla.DEFAULT);
        assertThat(c.webhooks().get(0).notices()).containsExactlyInAnyOrder(Notice.values());
        for (String url :
                List.of("https://hooks.example.com:8443/a?b=c#d", "http://user:pw@[::1]:9000", "http://10.0.0.7/x")) {
            assertThat(HandoffParser.httpUrl(url)).as(url).isTrue();
        }
        for (String url : List.of("ftp://x", "http://", "http://exa mple.com", "mailto:a@b.c", "//x.com")) {
            assertThat(HandoffParser.httpUrl(url)).as(url).isFalse();
        }
    }

    @Test
    @DisplayName("refuses a bad file whole and names every error by path, with the fix where known")
    void everyErrorByPath() {
        List<String> errors = errors("""
                teams:
                  - id: Sales Team
                    timezone: Europe/Berlin
                    working_hours: { mon-fry: "09:00-17:00", sat: "18:00-09:00" }
                    holidays: [2026-13-01]
                    members:
                      - { id: ann, weight: 0, capacity: -1, available: maybe }
                      - { id: bob }
                      - { id: bob }
                  - id: emea
                    time_zone: Mars/Olympus
                    members: []
                routing:
                  - { name: big, if: { attribute: company.employees, greater: 5 }, team: emia, strategy: fastest }
                sla:
                  accept_within: 0h
                  warn_at: 1.5
                  escalation: [ { action: escalate }, { action: recycle, after: 2h }, { action: notify, after: 1h } ]
                webhooks:
                  - { name: crm, url: "ftp://x", secret: short, events: [stage_change] }
                score_thresholds: { fit: [a] }
                nurture:
                  - { track: education, reasons: [prematur] }
                color: blue
                """);
        assertThat(errors)
                .contains(
                        "color: unknown key; allowed here: nurture, retention, routing, score_thresholds, sla, teams, webhooks",
                        "teams[0].id: 'Sales Team' must be lower case letters, digits, '.', '_' or '-'",
                        "teams[0].timezone: unknown key (did you mean 'time_zone'?); allowed here: holidays, id, members, name, sla, time_zone, working_hours",
                        "teams[0].time_zone: missing",
                        "teams[0].working_hours.mon-fry: not a day or range of days: write mon, tue, … sun, or a range such as mon-fri",
                        "teams[0].working_hours.sat: '18:00-09:00' is not a window such as 09:00-17:00 (from before to, within one day; 24:00 ends the day)",
                        "teams[0].holidays[0]: not a date: '2026-13-01' (YYYY-MM-DD)",
                        "teams[0].members[0].weight: must be a whole number from 1 to 1000",
                        "teams[0].members[0].capacity: must be a whole number from 0 to 100000",
                        "teams[0].members[0].available: must be true or false",
                        "teams[0].members: two members have the id 'bob'",
                        "teams[1].time_zone: unknown time zone 'Mars/Olympus' (an IANA name such as Europe/Berlin or America/New_York)",
                        "teams[1].members: a team needs a list of members (- id: …, name: …)",
                        "routing[0].team: no team 'emia' (did you mean 'emea'?); teams: Sales Team, emea",
                        "routing[0].strategy: unknown 'fastest'; one of round_robin, weighted, least_loaded",
                        "sla.accept_within: must be longer than zero",
                        "sla.warn_at: must be a fraction of the SLA between 0 and 1, e.g. 0.75",
                        "sla.escalation[0].action: unknown 'escalate'; one of notify, reassign, recycle",
                        "sla.escalation[2].after: steps run in order: this one cannot come before the one above it",
                        "webhooks[0].url: must be an http:// or https:// address, not 'ftp://x'",
                        "webhooks[0].secret: must be at least 16 characters (it keys the HMAC-SHA256 signature)",
                        "webhooks[0].events[0]: unknown 'stage_change' (did you mean 'stage_changed'?); one of stage_changed, assigned, sla_warning, sla_breached, score_crossed, nurture_entered, nurture_exited, lead_erased",
                        "score_thresholds.fit[0]: must be a number",
                        "nurture[0].reasons[0]: unknown reason 'prematur' (did you mean 'premature'?)");
        assertThat(errors).anyMatch(e -> e.startsWith("routing[0].if.op: unknown operator 'greater'"));
    }

    @Test
    @DisplayName("YAML that does not parse, and duplicate keys, are named by line")
    void notYaml() {
        assertThat(errors("teams: [ { id: a "))
                .singleElement()
                .asString()
                .startsWith("line ")
                .contains("not valid YAML");
        assertThat(errors("sla: {}\nsla: {}\n")).singleElement().asString().contains("Duplicate field 'sla'");
    }

    @Test
    @DisplayName(
            "review: a bad top-level SLA or teams of the wrong type give errors, not crashes or cascades; capacity ~ is no cap; member ids are unique across teams")
    void reviewCases() {
        assertThat(errors("""
                sla: { warn_at: 2 }
                teams: [ { id: a, time_zone: UTC, sla: { accept_within: 2h }, members: [ { id: ann } ] } ]
                """))
                .containsExactly("sla.warn_at: must be a fraction of the SLA between 0 and 1, e.g. 0.75");
        assertThat(errors("""
                teams: { id: a }
                routing: [ { name: r, team: a } ]
                """)).containsExactly("teams: must be a list");
        HandoffConfig c = valid("""
                teams: [ { id: a, time_zone: UTC, members: [ { id: ann, capacity: ~ } ] } ]
                sla: { escalation: [ { action: notify, after: 0 } ] }
                """);
        assertThat(c.teams().get(0).members().get(0).capacity()).isEmpty();
        assertThat(errors("""
                teams:
                  - { id: a, time_zone: UTC, members: [ { id: ann } ] }
                  - { id: b, time_zone: UTC, members: [ { id: ann } ] }
                """))
                .containsExactly("teams: member 'ann' is in more than one team (a member id names one person, "
                        + "who belongs to one team)");
        assertThat(errors("sla: { first_touch_within: 31d }"))
                .containsExactly("sla.first_touch_within: at most 30d of working time");
    }

    @Test
    @DisplayName("review: 'always' hours still keep the holidays")
    void alwaysWithHolidays() {
        HandoffConfig c = valid("""
                teams: [ { id: a, time_zone: UTC, working_hours: always, holidays: [2026-12-25], members: [ { id: ann } ] } ]
                """);
        WorkingHours hours = c.teams().get(0).members().get(0).hours();
        assertThat(hours.isWorking(Instant.parse("2026-12-24T23:00:00Z"))).isTrue();
        assertThat(hours.isWorking(Instant.parse("2026-12-25T12:00:00Z"))).isFalse();
    }
}
