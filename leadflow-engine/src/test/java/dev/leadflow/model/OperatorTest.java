package dev.leadflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.TestFacts;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Every operator and combinator")
class OperatorTest {

    /** Facts with the given attributes and no event or scores. */
    private static Facts profile(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return TestFacts.of(m, Double.NaN, Double.NaN);
    }

    private static Condition fitCondition(String condition) {
        return Models.parse("name: t\nfit:\n  - name: r\n    if: " + condition + "\n    points: 1\n")
                .fit()
                .get(0)
                .condition();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // condition, attribute value (null = absent), expected
                Arguments.of("{ attribute: a, eq: vp }", "vp", true),
                Arguments.of("{ attribute: a, eq: vp }", "VP", true),
                Arguments.of("{ attribute: a, eq: vp }", "cxo", false),
                Arguments.of("{ attribute: a, eq: vp }", null, false),
                Arguments.of("{ attribute: a, eq: 250 }", 250.0, true),
                Arguments.of("{ attribute: a, eq: 250 }", "250", true),
                Arguments.of("{ attribute: a, eq: 250 }", 251.0, false),
                Arguments.of("{ attribute: a, eq: true }", true, true),
                Arguments.of("{ attribute: a, eq: true }", "true", true),
                Arguments.of("{ attribute: a, eq: true }", false, false),
                Arguments.of("{ attribute: a, eq: x }", List.of("y", "x"), true),
                Arguments.of("{ attribute: a, ne: vp }", "cxo", true),
                Arguments.of("{ attribute: a, ne: vp }", "vp", false),
                Arguments.of("{ attribute: a, ne: vp }", null, true),
                Arguments.of("{ attribute: a, in: [director, vp] }", "Director", true),
                Arguments.of("{ attribute: a, in: [director, vp] }", "manager", false),
                Arguments.of("{ attribute: a, in: [director, vp] }", null, false),
                Arguments.of("{ attribute: a, in: [1, 2] }", "2", true),
                Arguments.of("{ attribute: a, not_in: [director, vp] }", "manager", true),
                Arguments.of("{ attribute: a, not_in: [director, vp] }", "vp", false),
                Arguments.of("{ attribute: a, not_in: [director, vp] }", null, true),
                Arguments.of("{ attribute: a, gt: 200 }", 201.0, true),
                Arguments.of("{ attribute: a, gt: 200 }", 200.0, false),
                Arguments.of("{ attribute: a, gt: 200 }", "1e3", true),
                Arguments.of("{ attribute: a, gt: 200 }", "many", false),
                Arguments.of("{ attribute: a, gt: 200 }", null, false),
                Arguments.of("{ attribute: a, gte: 200 }", 200.0, true),
                Arguments.of("{ attribute: a, gte: 200 }", 199.5, false),
                Arguments.of("{ attribute: a, lt: 200 }", 199.0, true),
                Arguments.of("{ attribute: a, lt: 200 }", 200.0, false),
                Arguments.of("{ attribute: a, lt: 200 }", true, false),
                Arguments.of("{ attribute: a, lte: 200 }", 200.0, true),
                Arguments.of("{ attribute: a, lte: 200 }", "200.5", false),
                Arguments.of("{ attribute: a, lte: -5 }", -5.0, true),
                Arguments.of("{ attribute: a, contains: student }", "PhD Student", true),
                Arguments.of("{ attribute: a, contains: student }", "Engineer", false),
                Arguments.of("{ attribute: a, contains: crm }", List.of("ERP", "CRM"), true),
                Arguments.of("{ attribute: a, contains: crm }", List.of("crm-suite"), false),
                Arguments.of("{ attribute: a, contains: 250 }", List.of(100.0, 250.0), true),
                Arguments.of("{ attribute: a, contains: x }", null, false),
                Arguments.of("{ attribute: a, starts_with: /pricing }", "/Pricing/enterprise", true),
                Arguments.of("{ attribute: a, starts_with: /pricing }", "/blog/pricing", false),
                Arguments.of("{ attribute: a, ends_with: .edu }", "ann@MIT.EDU", true),
                Arguments.of("{ attribute: a, ends_with: .edu }", "ann@mit.edu.com", false),
                Arguments.of("{ attribute: a, ends_with: .edu }", "du", false),
                Arguments.of("{ attribute: a, matches: \"@(gmail|yahoo)\\\\.\" }", "ben@gmail.com", true),
                Arguments.of("{ attribute: a, matches: \"@(gmail|yahoo)\\\\.\" }", "ben@GMAIL.com", false),
                Arguments.of("{ attribute: a, matches: \"(?i)@gmail\\\\.\" }", "ben@GMAIL.com", true),
                Arguments.of("{ attribute: a, matches: \"^2\\\\d\\\\d$\" }", 250.0, true),
                Arguments.of("{ attribute: a, matches: x }", null, false),
                Arguments.of("{ attribute: a, exists: true }", "x", true),
                Arguments.of("{ attribute: a, exists: true }", "  ", false),
                Arguments.of("{ attribute: a, exists: true }", List.of(), false),
                Arguments.of("{ attribute: a, exists: true }", null, false),
                Arguments.of("{ attribute: a, exists: false }", null, true),
                Arguments.of("{ attribute: a, exists: false }", 0.0, false),
                Arguments.of("{ all: [ { attribute: a, gte: 1 }, { attribute: a, lte: 3 } ] }", 2.0, true),
                Arguments.of("{ all: [ { attribute: a, gte: 1 }, { attribute: a, lte: 3 } ] }", 4.0, false),
                Arguments.of("{ any: [ { attribute: a, eq: x }, { attribute: a, eq: y } ] }", "y", true),
                Arguments.of("{ any: [ { attribute: a, eq: x }, { attribute: a, eq: y } ] }", "z", false),
                Arguments.of("{ not: { attribute: a, eq: x } }", "y", true),
                Arguments.of("{ not: { attribute: a, eq: x } }", "x", false));
    }

    @ParameterizedTest(name = "{0} on {1} is {2}")
    @MethodSource("cases")
    @DisplayName("gives the documented answer")
    void operator(String condition, Object value, boolean expected) {
        Facts facts = value == null ? profile() : profile("a", value);
        assertThat(fitCondition(condition).test(facts)).isEqualTo(expected);
    }

    @Test
    @DisplayName("every operator of the spec is covered by the cases above")
    void everyOperatorCovered() {
        List<String> conditions = cases().map(a -> (String) a.get()[0]).toList();
        for (Operator op : Operator.values()) {
            assertThat(conditions).as(op.wireName()).anyMatch(c -> c.contains(" " + op.wireName() + ":"));
        }
        assertThat(Arrays.asList("all", "any", "not"))
                .allMatch(k -> conditions.stream().anyMatch(c -> c.startsWith("{ " + k + ":")));
    }

    @Test
    @DisplayName("score conditions read the scores; an unavailable score fails every comparison")
    void scores() {
        Condition c = Models.parse("""
                name: t
                lifecycle:
                  mql: { all: [ { score: fit, gte: 30 }, { score: engagement, lt: 100 } ] }
                """).lifecycle().mql().orElseThrow();
        assertThat(c.test(scores(30, 99.9))).isTrue();
        assertThat(c.test(scores(29.9, 50))).isFalse();
        assertThat(c.test(scores(40, 100))).isFalse();
        assertThat(c.test(scores(40, Double.NaN))).isFalse();
    }

    private static Facts scores(double fit, double engagement) {
        return TestFacts.of(Map.of(), fit, engagement);
    }
}
