package dev.leadflow.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.fixtures.TestFacts;
import dev.leadflow.handoff.Router.Decision;
import dev.leadflow.handoff.Router.Skip;
import dev.leadflow.model.Facts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Router: who gets an MQL")
class RouterTest {

    private static HandoffConfig config(String yaml) {
        HandoffParser.Result r = new HandoffParser().parse(yaml);
        assertThat(r).as("%s", r).isInstanceOf(HandoffParser.Result.Valid.class);
        return ((HandoffParser.Result.Valid) r).config();
    }

    private static Facts lead(Map<String, Object> attributes, double fit) {
        return TestFacts.of(attributes, fit, 0);
    }

    private static final Facts ANYONE = lead(Map.of(), 0);

    private static String owner(Decision d) {
        return ((Decision.Assigned) d).member();
    }

    @Test
    @DisplayName("over 10,000 assignments each member's share is their share of the weight, within 2%")
    void weightsHonoured() {
        HandoffConfig c = config("""
                teams:
                  - id: sales
                    time_zone: UTC
                    members: [ { id: a, weight: 1 }, { id: b, weight: 2 }, { id: c, weight: 3 }, { id: d, weight: 4 } ]
                routing: [ { name: all, team: sales, strategy: weighted } ]
                """);
        Router router = new Router();
        Map<String, Integer> counts = new HashMap<>();
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String o = owner(router.route(c, ANYONE, m -> 0));
            counts.merge(o, 1, Integer::sum);
            if (i < 10) {
                first.add(o);
            }
        }
        Map<String, Integer> weights = Map.of("a", 1, "b", 2, "c", 3, "d", 4);
        weights.forEach((member, weight) -> assertThat(counts.get(member) / 10_000.0)
                .as("share of %s", member)
                .isCloseTo(weight / 10.0, org.assertj.core.data.Offset.offset(0.02)));
        assertThat(first)
                .as("spread out, not in bursts")
                .containsExactly("d", "c", "b", "d", "a", "c", "d", "b", "c", "d");
    }

    @Test
    @DisplayName("weights hold among the members who can take leads while one is away")
    void weightsWithSomeoneAway() {
        HandoffConfig c = config("""
                teams:
                  - id: sales
                    time_zone: UTC
                    members: [ { id: a, weight: 1 }, { id: b, weight: 3, available: false }, { id: c, weight: 3 } ]
                routing: [ { name: all, team: sales, strategy: weighted } ]
                """);
        Router router = new Router();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            Decision d = router.route(c, ANYONE, m -> 0);
            counts.merge(owner(d), 1, Integer::sum);
            assertThat(((Decision.Assigned) d).skipped()).containsExactly(new Skip("b", "away"));
        }
        assertThat(counts.get("a") / 10_000.0).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.02));
        assertThat(counts.get("c") / 10_000.0).isCloseTo(0.75, org.assertj.core.data.Offset.offset(0.02));
        assertThat(counts).doesNotContainKey("b");
    }

    @Test
    @DisplayName("round robin takes members in turn, passing over whoever is away or at capacity, and says why")
    void roundRobin() {
        HandoffConfig c = config("""
                teams:
                  - id: sales
                    time_zone: UTC
                    members: [ { id: a }, { id: b, capacity: 2 }, { id: c } ]
                routing: [ { name: all, team: sales } ]
                """);
        Router router = new Router();
        Map<String, Integer> open = new HashMap<>();
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Decision d = router.route(c, ANYONE, m -> open.getOrDefault(m, 0));
            owners.add(owner(d));
            open.merge(owner(d), 1, Integer::sum);
        }
        assertThat(owners).containsExactly("a", "b", "c", "a", "b", "c", "a", "c", "a");
        Decision full = router.route(c, ANYONE, m -> open.getOrDefault(m, 0));
        assertThat(((Decision.Assigned) full).skipped())
                .containsExactly(new Skip("b", "at capacity: 2 of 2 open MQLs"));
    }

    @Test
    @DisplayName("when nobody can take the lead it waits in the team's queue, with every member's reason")
    void queued() {
        HandoffConfig c = config("""
                teams:
                  - id: sales
                    time_zone: UTC
                    members: [ { id: a, available: false }, { id: b, capacity: 0 } ]
                routing: [ { name: all, team: sales } ]
                """);
        assertThat(new Router().route(c, ANYONE, m -> 0))
                .isEqualTo(new Decision.Queued(
                        "sales",
                        "all",
                        List.of(new Skip("a", "away"), new Skip("b", "at capacity: 0 of 0 open MQLs"))));
    }

    @Test
    @DisplayName(
            "the first rule whose condition holds on attributes and scores chooses the team; none holding leaves the lead unassigned")
    void rules() {
        HandoffConfig c = config("""
                teams:
                  - { id: enterprise, time_zone: UTC, members: [ { id: e } ] }
                  - { id: smb, time_zone: UTC, members: [ { id: s } ] }
                routing:
                  - { name: big, if: { attribute: company.employees, gte: 1000 }, team: enterprise }
                  - { name: fit, if: { score: fit, gte: 30 }, team: smb }
                """);
        Router router = new Router();
        Decision big = router.route(c, lead(Map.of("company.employees", 5000.0), 50), m -> 0);
        assertThat(big)
                .isEqualTo(
                        new Decision.Assigned("enterprise", "e", "big", HandoffConfig.Strategy.ROUND_ROBIN, List.of()));
        assertThat(owner(router.route(c, lead(Map.of("company.employees", 50.0), 50), m -> 0)))
                .isEqualTo("s");
        assertThat(router.route(c, lead(Map.of("company.employees", 50.0), 10), m -> 0))
                .isEqualTo(new Decision.Unrouted());
    }

    @Test
    @DisplayName(
            "least loaded takes the member holding the fewest open MQLs, equals in turn, and records the others' loads")
    void leastLoaded() {
        HandoffConfig c = config("""
                teams:
                  - id: sales
                    time_zone: UTC
                    members: [ { id: a }, { id: b }, { id: c } ]
                routing: [ { name: all, team: sales, strategy: least_loaded } ]
                """);
        Router router = new Router();
        Map<String, Integer> open = new HashMap<>(Map.of("a", 3, "b", 1, "c", 1));
        Decision d = router.route(c, ANYONE, m -> open.getOrDefault(m, 0));
        assertThat(d)
                .isEqualTo(new Decision.Assigned(
                        "sales",
                        "b",
                        "all",
                        HandoffConfig.Strategy.LEAST_LOADED,
                        List.of(new Skip("a", "holds 3 open MQLs, b 1"), new Skip("c", "holds 1 open MQLs, b 1"))));
        assertThat(owner(router.route(c, ANYONE, m -> open.getOrDefault(m, 0))))
                .as("c, after b, on a tie")
                .isEqualTo("c");
    }

    @Test
    @DisplayName("editing another team leaves a team's turn where it was; escalation passes over the current owner")
    void turnsSurviveOtherTeamsEdits() {
        String sales = """
                  - id: sales
                    time_zone: UTC
                    members: [ { id: a }, { id: b }, { id: c } ]
                """;
        HandoffConfig before = config("teams:\n" + sales + "  - { id: other, time_zone: UTC, members: [ { id: x } ] }\n"
                + "routing: [ { name: all, team: sales } ]\n");
        HandoffConfig after = config("teams:\n" + sales
                + "  - { id: other, time_zone: UTC, members: [ { id: x }, { id: y, weight: 5 } ] }\n"
                + "routing: [ { name: all, team: sales } ]\n");
        Router router = new Router();
        assertThat(owner(router.route(before, ANYONE, m -> 0))).isEqualTo("a");
        assertThat(owner(router.route(after, ANYONE, m -> 0))).isEqualTo("b");
        HandoffConfig.Team team = after.team("sales").orElseThrow();
        Decision reassigned = router.choose(team, "all", HandoffConfig.Strategy.ROUND_ROBIN, m -> 0, Optional.of("c"));
        assertThat(reassigned)
                .isEqualTo(new Decision.Assigned(
                        "sales",
                        "a",
                        "all",
                        HandoffConfig.Strategy.ROUND_ROBIN,
                        List.of(new Skip("c", "the lead is being taken from them"))));
    }
}
