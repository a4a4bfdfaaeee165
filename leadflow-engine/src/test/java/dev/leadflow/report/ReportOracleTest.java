package dev.leadflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.engine.Engine;
import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.RandomHistory;
import dev.leadflow.handoff.HandoffEvent;
import dev.leadflow.handoff.SlaClock;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.report.Funnel.CycleSlice;
import dev.leadflow.report.Funnel.LeadHistory;
import dev.leadflow.report.Funnel.Period;
import dev.leadflow.report.Funnel.Range;
import dev.leadflow.report.Velocity.LeadMoves;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The report functions equal their plain first versions (ReferenceReports) on random histories")
class ReportOracleTest {

    /** Random leads run through the engine, each cycle in one of three slices (or all unsliced). */
    private record Leads(List<LeadHistory> histories, List<LeadMoves> moves, Range range) {

        static Leads of(long seed, boolean sliced) {
            Engine engine = new Engine(Models.example());
            for (Input in : RandomHistory.generate(seed, 60, 3_000)) {
                engine.apply(in);
            }
            List<LeadHistory> histories = new ArrayList<>();
            List<LeadMoves> moves = new ArrayList<>();
            long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
            SplittableRandom random = new SplittableRandom(seed);
            engine.forEachLifecycle((id, transitions, touches) -> {
                CycleSlice slice = sliced
                        ? (lead, cycle) -> "s" + Math.floorMod((lead + "/" + cycle).hashCode(), 3)
                        : CycleSlice.NONE;
                histories.add(new LeadHistory(id, transitions, slice));
                moves.add(new LeadMoves(id, transitions, touches(transitions, random), slice));
                transitions.forEach(t -> {
                    span[0] = Math.min(span[0], t.at());
                    span[1] = Math.max(span[1], t.at());
                });
            });
            long third = (span[1] - span[0]) / 3;
            return new Leads(histories, moves, new Range(span[0] + third, span[1] - third));
        }
    }

    /** Sales touches (the random history has none): a few near each transition, before, at or after it. */
    private static List<Long> touches(List<Transition> transitions, SplittableRandom random) {
        List<Long> touches = new ArrayList<>();
        for (Transition t : transitions) {
            if (random.nextInt(3) == 0) {
                touches.add(t.at() + random.nextLong(-3_600_000L, 86_400_000L) * random.nextInt(2));
            }
        }
        touches.sort(null);
        return touches;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    @DisplayName("funnel, velocity and cycle outcomes, sliced and not, over all time and a range")
    void lifecycles(long seed) {
        for (boolean sliced : List.of(false, true)) {
            Leads leads = Leads.of(seed, sliced);
            assertThat(leads.moves().stream().filter(m -> !m.touches().isEmpty()))
                    .as("touched leads")
                    .isNotEmpty();
            for (Range range : List.of(Range.ALL, leads.range())) {
                for (ZoneId zone : List.of(ZoneOffset.UTC, ZoneId.of("America/New_York"))) {
                    for (Period period : Period.values()) {
                        assertThat(Funnel.compute(leads.histories(), period, zone, range))
                                .isEqualTo(ReferenceReports.funnel(leads.histories(), period, zone, range));
                    }
                }
                assertThat(Velocity.timeInStageBySlice(leads.moves(), range))
                        .isEqualTo(ReferenceReports.timeInStage(leads.moves(), range));
                assertThat(Velocity.mqlToFirstTouchBySlice(leads.moves(), range))
                        .isEqualTo(ReferenceReports.mqlToFirstTouch(leads.moves(), range));
                assertThat(Velocity.mqlToCustomerBySlice(leads.moves(), range))
                        .isEqualTo(ReferenceReports.mqlToCustomer(leads.moves(), range));
                Velocity.WithTotal both = Velocity.bySliceWithTotal(leads.moves(), range);
                List<LeadMoves> unsliced = leads.moves().stream()
                        .map(m -> new LeadMoves(m.leadId(), m.transitions(), m.touches()))
                        .toList();
                assertThat(both.slices()).isEqualTo(Velocity.bySlice(leads.moves(), range));
                assertThat(both.total())
                        .isEqualTo(new Velocity.BySlice(
                                ReferenceReports.timeInStage(unsliced, range),
                                ReferenceReports.mqlToFirstTouch(unsliced, range),
                                ReferenceReports.mqlToCustomer(unsliced, range)));
                assertThat(Health.cycles(leads.histories(), range))
                        .isEqualTo(ReferenceReports.cycles(leads.histories(), range));
                assertThat(Health.returns(leads.histories(), range))
                        .isEqualTo(ReferenceReports.returns(leads.histories(), range));
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    @DisplayName("SLA compliance, with clocks breached, running and met, some due at the same instant")
    void sla(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] owners = {"ann", "bob", "cy", null};
        List<HandoffEvent.Assigned> assignments = new ArrayList<>();
        List<HandoffEvent.SlaBreached> breaches = new ArrayList<>();
        List<Health.Running> running = new ArrayList<>();
        long t0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
        for (int i = 0; i < 400; i++) {
            String owner = owners[random.nextInt(owners.length)];
            Instant at = Instant.ofEpochMilli(t0 + random.nextLong(20) * 3_600_000L); // few instants: equal clocks
            SlaClock accept = random.nextInt(4) == 0 ? null : clock(SlaClock.Kind.ACCEPT, at, random.nextInt(3));
            SlaClock touch = random.nextInt(4) == 0 ? null : clock(SlaClock.Kind.FIRST_TOUCH, at, random.nextInt(3));
            assignments.add(new HandoffEvent.Assigned(
                    "l" + random.nextInt(100),
                    at,
                    "t" + random.nextInt(2),
                    owner,
                    "rule",
                    "round_robin",
                    List.of(),
                    "mql",
                    accept,
                    touch));
            for (SlaClock c : Arrays.asList(accept, touch)) {
                int fate = random.nextInt(3);
                if (c != null && fate == 0) {
                    breaches.add(new HandoffEvent.SlaBreached(
                            "l", c.due(), owner, c.kind(), random.nextInt(3) == 0 ? 1 : 0));
                } else if (c != null && fate == 1) {
                    running.add(new Health.Running(owner, c.kind(), c.due()));
                }
            }
        }
        Map<String, Function<HandoffEvent.Assigned, String>> groupings = new LinkedHashMap<>();
        groupings.put("owner", HandoffEvent.Assigned::owner);
        groupings.put("team", HandoffEvent.Assigned::team);
        groupings.put("all", a -> "all");
        for (Range range : List.of(Range.ALL, new Range(t0 + 5 * 3_600_000L, t0 + 15 * 3_600_000L))) {
            assertThat(Health.sla(assignments, breaches, running, range, groupings))
                    .isEqualTo(ReferenceReports.sla(assignments, breaches, running, range, groupings));
        }
    }

    private static SlaClock clock(SlaClock.Kind kind, Instant at, int hours) {
        return new SlaClock(kind, at, at, at.plusSeconds(3_600L * (hours + 1)));
    }
}
