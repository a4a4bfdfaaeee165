package dev.leadflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.fixtures.Models;
import dev.leadflow.predict.Predictive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The model parser")
class ModelParserTest {

    @Nested
    @DisplayName("accepts")
    class Accepts {

        @Test
        @DisplayName("the documented example model, with every section compiled")
        void example() {
            Model m = Models.example();
            assertThat(m.id()).isEqualTo("b2b-default@1");
            assertThat(m.fit()).hasSize(9);
            assertThat(m.engagement().rules()).hasSize(11);
            assertThat(m.engagement().halfLifeMillis()).isEqualTo(30L * 86_400_000);
            assertThat(m.lifecycle().conversions())
                    .containsExactlyInAnyOrder("form_submitted", "content_downloaded", "webinar_registered");
            assertThat(m.lifecycle().mql()).isPresent();
            assertThat(m.lifecycle().fastLane())
                    .extracting(LifecycleRules.FastLane::on)
                    .containsExactly("demo_requested", "contact_requested");
            assertThat(m.lifecycle().requalifyAfterMillis()).isEqualTo(14L * 86_400_000);
            assertThat(m.grades()).isPresent();
        }

        @Test
        @DisplayName("a minimal model, with documented defaults")
        void minimal() {
            Model m = Models.parse("name: tiny\n");
            assertThat(m.fit()).isEmpty();
            assertThat(m.engagement().halfLifeMillis()).isEqualTo(Engagement.NO_DECAY);
            assertThat(m.lifecycle().conversions())
                    .containsExactlyInAnyOrderElementsOf(LifecycleRules.DEFAULT_CONVERSIONS);
            assertThat(m.lifecycle().requalifyAfterMillis()).isEqualTo(LifecycleRules.DEFAULT_REQUALIFY_AFTER);
            assertThat(m.lifecycle().expireMql()).isTrue();
            assertThat(m.version()).as("content hash when no version is given").hasSize(8);
        }

        @Test
        @DisplayName("every duration unit: 30s 30m 12h 7d 2w, and half_life: never")
        void durations() {
            assertThat(Durations.parse("30s")).contains(30_000L);
            assertThat(Durations.parse("30m")).contains(1_800_000L);
            assertThat(Durations.parse("12h")).contains(43_200_000L);
            assertThat(Durations.parse("7d")).contains(604_800_000L);
            assertThat(Durations.parse("2w")).contains(1_209_600_000L);
            assertThat(Durations.parse("7 days")).isEmpty();
            assertThat(Durations.parse("-1d")).isEmpty();
            assertThat(Durations.format(1_209_600_000L)).isEqualTo("2w");
            Model m = Models.parse("""
                    name: n
                    engagement:
                      half_life: never
                      rules: [ { name: r, on: page, points: 1 } ]
                    """);
            assertThat(m.engagement().halfLifeMillis()).isEqualTo(Engagement.NO_DECAY);
        }

        @Test
        @DisplayName("an 'on' list, and a rule without 'if' that always matches")
        void onList() {
            Model m = Models.parse("""
                    name: n
                    engagement:
                      half_life: 7d
                      rules: [ { name: r, on: [email_opened, email_clicked], points: 1 } ]
                    """);
            assertThat(m.engagement().rulesFor("email_opened")).containsExactly(0);
            assertThat(m.engagement().rulesFor("email_clicked")).containsExactly(0);
            assertThat(m.engagement().rules().get(0).condition()).isSameAs(Condition.ALWAYS);
        }
    }

    @Nested
    @DisplayName("refuses the whole model and lists every error by path")
    class Refuses {

        @Test
        @DisplayName("an unknown operator, suggesting the right one")
        void unknownOperator() {
            assertThat(Models.errors("""
                    name: n
                    engagement:
                      half_life: 30d
                      rules:
                        - { name: a, on: page, points: 1 }
                        - { name: b, on: page, points: 1 }
                        - { name: c, on: page, if: { property: category, equals: pricing }, points: 1 }
                    """))
                    .singleElement()
                    .asString()
                    .startsWith("engagement.rules[2].if.op: unknown operator 'equals' (did you mean 'eq'?)");
        }

        @Test
        @DisplayName("many errors at once, each with its own path")
        void manyErrors() {
            assertThat(Models.errors("""
                    nme: n
                    fit:
                      - name: x
                        if: { property: category, eq: pricing }
                        points: ten
                      - name: x
                        if: { attribute: email, matches: "([a-z" }
                        points: 1
                    engagement:
                      half_life: 30 days
                      rules:
                        - { name: r, on: Demo Requested, points: 1, limit: { count: 0, per: 7d } }
                    lifecycle:
                      mql: { score: probability, gte: 0.5 }
                      requalify_after: soon
                      expire_mql: maybe
                    grades:
                      fit: { A: 10, B: 20, C: 30 }
                      engagement: { "1": 80, "2": 50 }
                    """))
                    .containsExactlyInAnyOrder(
                            "nme: unknown key (did you mean 'name'?); allowed here: description, engagement, fit, grades, "
                                    + "lifecycle, name, predictive, version",
                            "name: missing",
                            "fit[0].points: must be a finite number, e.g. points: 10",
                            "fit[0].if.property: 'property' cannot be used here: fit rules read the profile only",
                            "fit[1].name: duplicate rule name 'x': names identify ledger entries",
                            "fit[1].if.matches: invalid regular expression: Unclosed character class near index 4 of '([a-z'",
                            "engagement.rules[0].on: event names are matched in snake_case: write 'demo_requested' for "
                                    + "'Demo Requested'",
                            "engagement.rules[0].limit.count: must be a whole number from 1 to 10000",
                            "engagement.half_life: invalid duration '30 days' (a whole number and a unit: 30m, 12h, 7d, 2w, 3y; "
                                    + "at most 100 years)",
                            "lifecycle.mql.score: score 'probability' needs a predictive: section in the model, which "
                                    + "says what it predicts (docs/PREDICTIVE.md); or use fit or engagement",
                            "lifecycle.requalify_after: invalid duration 'soon' (a whole number and a unit: 30m, 12h, 7d, 2w, 3y; "
                                    + "at most 100 years)",
                            "lifecycle.expire_mql: must be true or false",
                            "grades.fit: thresholds must fall from A to C (best grade needs the highest score)",
                            "grades.engagement.3: missing or not a number");
        }

        @Test
        @DisplayName("conditions that are malformed in every way a condition can be")
        void badConditions() {
            assertThat(Models.errors("""
                    name: n
                    lifecycle:
                      mql:
                        all:
                          - { score: fit }
                          - { score: fit, gte: 1, lte: 5 }
                          - { attribute: a, score: fit, gte: 1 }
                          - { eq: 3 }
                          - { score: fitt, gte: 1 }
                          - { score: fit, gte: "high" }
                          - { attribute: a, in: [] }
                          - { attribute: a, eq: [1, 2] }
                          - { attribute: a, exists: maybe }
                          - { any: [] }
                          - { not: { property: x, eq: 1 } }
                          - { all: [ { attribute: a, eq: 1 } ], any: [ { attribute: a, eq: 1 } ] }
                    """))
                    .containsExactly(
                            "lifecycle.mql.all[0]: missing operator (one of eq ne in not_in gt gte lt lte contains "
                                    + "starts_with ends_with matches exists)",
                            "lifecycle.mql.all[1]: one operator per condition, found [gte, lte]; combine them with all: [...]",
                            "lifecycle.mql.all[2]: one subject per condition, found [attribute, score]; combine them with "
                                    + "all: [...]",
                            "lifecycle.mql.all[3]: a condition needs one of attribute, property or score (or all/any/not)",
                            "lifecycle.mql.all[4].score: unknown score 'fitt' (did you mean 'fit'?) (scores are fit, "
                                    + "engagement, probability)",
                            "lifecycle.mql.all[5].gte: 'gte' takes a finite number",
                            "lifecycle.mql.all[6].in: 'in' takes a non-empty list, e.g. [director, vp]",
                            "lifecycle.mql.all[7].eq: 'eq' takes one value (a string, number or boolean); for a list use in",
                            "lifecycle.mql.all[8].exists: 'exists' takes true or false",
                            "lifecycle.mql.all[9].any: 'any' takes a non-empty list of conditions",
                            "lifecycle.mql.all[10].not.property: 'property' cannot be used here: MQL criteria read scores "
                                    + "and the profile",
                            "lifecycle.mql.all[11]: 'all' must stand alone in its mapping; found also [any]");
        }

        @Test
        @DisplayName("engagement rules without a half-life")
        void missingHalfLife() {
            assertThat(Models.errors("""
                    name: n
                    engagement:
                      rules: [ { name: r, on: page, points: 1 } ]
                    """))
                    .containsExactly("engagement.half_life: missing: engagement decays with one half-life, "
                            + "e.g. half_life: 30d (or half_life: never for no decay)");
        }

        @Test
        @DisplayName("text that is not YAML, naming the line")
        void notYaml() {
            assertThat(Models.errors("name: n\nfit: [ { name: x\n"))
                    .singleElement()
                    .asString()
                    .startsWith("line ")
                    .contains("not valid YAML");
        }

        @Test
        @DisplayName("duplicate keys, which YAML would otherwise silently overwrite")
        void duplicateKeys() {
            assertThat(Models.errors("name: n\nname: m\n"))
                    .singleElement()
                    .asString()
                    .contains("Duplicate field");
        }

        @Test
        @DisplayName("a document that is not a mapping")
        void notAMapping() {
            assertThat(Models.errors("- a\n- b\n"))
                    .singleElement()
                    .asString()
                    .startsWith("a model must be a YAML mapping");
        }
    }

    @Test
    @DisplayName(
            "regression: refuses values that would break the engine (overflow, huge windows, NaN, decimal versions)")
    void unsafeValues() {
        assertThat(Models.errors("""
                name: n
                version: 1.10
                engagement:
                  half_life: 200000000000d
                  rules:
                    - { name: r, on: page, points: 1e400, limit: { count: 1000000000, per: 1d } }
                """))
                .containsExactlyInAnyOrder(
                        "version: must be a whole number or a string (quote decimals: version: \"1.10\")",
                        "engagement.half_life: invalid duration '200000000000d' (a whole number and a unit: 30m, 12h, 7d, 2w, 3y; "
                                + "at most 100 years)",
                        "engagement.rules[0].points: must be a finite number, e.g. points: 10",
                        "engagement.rules[0].limit.count: must be a whole number from 1 to 10000");
    }

    @Test
    @DisplayName(
            "regression: points of 1e308 and versions -1 or 99999999999999999999 are refused (scores read Infinity)")
    void unboundedPointsAndVersions() {
        assertThat(Models.errors("""
                name: n
                version: -1
                fit:
                  - { name: f, if: { attribute: a, exists: true }, points: -1e308 }
                engagement:
                  half_life: 1d
                  rules:
                    - { name: r, on: page, points: 1e308 }
                    - { name: s, on: page, points: 10001 }
                """))
                .containsExactlyInAnyOrder(
                        "version: '-1' is not a whole number from 1 to 2147483647 (or a name such as \"2026-q3\")",
                        "fit[0].points: must be between -10000 and 10000 (a rule's points are a weight, e.g. points: 10)",
                        "engagement.rules[0].points: must be between -10000 and 10000 (a rule's points are a weight, e.g. points: 10)",
                        "engagement.rules[1].points: must be between -10000 and 10000 (a rule's points are a weight, e.g. points: 10)");
        assertThat(Models.errors("name: n\nversion: 99999999999999999999\n"))
                .containsExactly(
                        "version: '99999999999999999999' is not a whole number from 1 to 2147483647 (or a name such as \"2026-q3\")");
        assertThat(Models.errors("name: n\nversion: \"1 or 2\"\n"))
                .singleElement()
                .asString()
                .startsWith("version: '1 or 2' is not a version");
        assertThat(Models.errors("name: n\nversion: 0\n")).hasSize(1);
        assertThat(Models.parse("name: n\nversion: \"2026-q3\"\n").id()).isEqualTo("n@2026-q3");
        assertThat(Models.parse("name: n\nversion: 2147483647\nfit: [ { name: f, if: { attribute: a, exists: true }, "
                                + "points: -10000 } ]\n")
                        .fit()
                        .getFirst()
                        .points())
                .isEqualTo(-10_000);
    }

    @Test
    @DisplayName("regression: suggestions do not depend on hash order (ties go to the first name alphabetically)")
    void deterministicSuggestions() {
        for (int i = 0; i < 3; i++) {
            assertThat(Models.errors(
                            "name: n\nengagement:\n  half_life: 1d\n  rules: [ { name: r, of: page, points: 1 } ]\n"))
                    .anyMatch(e -> e.startsWith("engagement.rules[0].of: unknown key (did you mean 'if'?)"));
        }
    }

    @Nested
    @DisplayName("the predictive section")
    class PredictiveSection {

        @Test
        @DisplayName("reads every key, with documented defaults")
        void reads() {
            Model m = Models.parse("name: p\npredictive:\n  target: won\n  attributes: [company.industry]\n"
                    + "  min_outcomes: 25\n  retrain: 1d\n  time_zone: Europe/Berlin\n");
            Predictive p = m.predictive().orElseThrow();
            assertThat(p.target()).isEqualTo(Predictive.Target.WON);
            assertThat(p.attributes()).contains(java.util.List.of("company.industry"));
            assertThat(p.minOutcomes()).isEqualTo(25);
            assertThat(p.retrainMillis()).isEqualTo(86_400_000L);
            assertThat(p.horizonMillis()).isEqualTo(Predictive.DEFAULT_HORIZON);
            assertThat(p.zone().getId()).isEqualTo("Europe/Berlin");
            assertThat(Models.parse("name: q\n").predictive()).isEmpty();
        }

        @Test
        @DisplayName("score: probability is read in MQL criteria once the model has the section")
        void probabilityInCriteria() {
            String criteria =
                    "lifecycle:\n  mql: { any: [ { score: probability, gte: 0.3 }, { score: fit, gte: 50 } ] }\n";
            Model m = Models.parse("name: p\n" + criteria + "predictive:\n  target: sql\n");
            assertThat(m.lifecycle().mql()).isPresent();
            assertThat(m.predictor()).isEmpty();
            assertThat(Models.errors("name: p\n" + criteria))
                    .singleElement()
                    .satisfies(e -> assertThat(e)
                            .startsWith("lifecycle.mql.any[0].score: score 'probability' needs a "
                                    + "predictive: section"));
        }

        @Test
        @DisplayName("names every error by path")
        void errors() {
            assertThat(Models.errors("name: p\npredictive:\n  target: mql\n  attributes: []\n  min_outcomes: 0\n"
                            + "  retrain: soon\n  time_zone: Mars/Olympus\n  horizn: 30d\n"))
                    .anyMatch(e -> e.startsWith("predictive.target: unknown 'mql'"))
                    .anyMatch(e -> e.startsWith("predictive.attributes: must be a list of profile attributes"))
                    .anyMatch(e -> e.startsWith("predictive.min_outcomes: must be a whole number from 1"))
                    .anyMatch(e -> e.startsWith("predictive.retrain: invalid duration 'soon'"))
                    .anyMatch(e -> e.startsWith("predictive.time_zone: unknown time zone 'Mars/Olympus'"))
                    .anyMatch(e -> e.startsWith("predictive.horizn: unknown key (did you mean 'horizon'?)"));
            assertThat(Models.errors("name: p\npredictive:\n  attributes: [a, a]\n"))
                    .anyMatch(e -> e.startsWith("predictive.target: missing: one of sql, won"))
                    .anyMatch(e -> e.startsWith("predictive.attributes[1]: 'a' is listed twice"));
        }
    }
}
