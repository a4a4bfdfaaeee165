package dev.leadflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.demo.DemoHistory;
import dev.leadflow.handoff.HandoffParser;
import dev.leadflow.input.Alias;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.input.Track;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.model.Model;
import dev.leadflow.report.Funnel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The report index: every report read from it equals the same report computed from the engine from scratch")
class ReportIndexTest {

    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    /** Every dimension a report can be sliced by, and none. */
    private static final List<String> DIMENSIONS = Arrays.asList(
            null,
            "source",
            "medium",
            "campaign",
            "landing_page",
            ClosedLoopReports.BY_GRADE,
            ClosedLoopReports.BY_OWNER,
            ClosedLoopReports.BY_TEAM,
            ClosedLoopReports.BY_MODEL);
    /** Two teams working around the clock; escalations reassign, then recycle (SLA recycles are records too). */
    private static final String HANDOFF = """
            teams:
              - id: big
                time_zone: UTC
                working_hours: always
                members: [{ id: ann }, { id: bob }]
              - id: small
                time_zone: UTC
                working_hours: always
                members: [{ id: cy }, { id: dee, capacity: 3 }]
            routing:
              - { name: big, if: { attribute: company.employees, gte: 200 }, team: big }
              - { name: rest, team: small }
            sla:
              accept_within: 3h
              first_touch_within: 12h
              escalation: [{ action: notify }, { action: reassign, after: 2h }, { action: recycle, after: 1d }]
            nurture:
              - { track: education, reasons: [premature, expired, sla_breach] }
            """;

    @Test
    @DisplayName("after late, out-of-order and repeated batches, sales actions, a recycle and re-qualification, "
            + "a reassignment, and a restart")
    void equalsFromScratch() {
        Model model = Fixtures.exampleModel();
        DemoHistory.Options options = new DemoHistory.Options(120, 40, 11, START);
        List<Input> history = heldBack(DemoHistory.generate(model, options), new Random(11));
        {
            InMemoryStorage store = new InMemoryStorage();
            InMemoryStorage handoffs = store;
            InMemoryModels models = new InMemoryModels();
            Leadflow live = Leadflow.load(model, store, handoffs, models, START.toEpochMilli());
            live.configureHandoff()
                    .configure(
                            HANDOFF,
                            ((HandoffParser.Result.Valid) new HandoffParser().parse(HANDOFF)).config(),
                            START.toEpochMilli(),
                            "test");
            Random random = new Random(5);
            Random tidying = new Random(7);
            long now = START.toEpochMilli();
            for (int from = 0; from < history.size(); ) {
                int to = Math.min(history.size(), from + 1 + random.nextInt(60));
                List<Input> batch = new ArrayList<>(history.subList(from, to));
                if (from > 0 && random.nextInt(4) == 0) {
                    batch.add(history.get(random.nextInt(from))); // a client retrying
                }
                now = Math.max(now, batch.getFirst().epochMillis());
                live.fireTimers().fireDue(now); // the server's clock moves on meanwhile
                for (Input in : batch) {
                    now = Math.max(now, in.epochMillis());
                }
                live.ingestEvents().ingest(batch, now);
                if (tidying.nextInt(3) == 0) { // the server's background tidying, part way
                    int before = live.fireTimers().tidyReports(now, 0);
                    int max = 1 + tidying.nextInt(30);
                    assertThat(live.fireTimers().tidyReports(now, max))
                            .as("changed leads left")
                            .isEqualTo(Math.max(0, before - max));
                }
                if (random.nextInt(8) == 0) {
                    assertEqual(live, models, now); // refreshed part way: later reports find only what changed since
                }
                from = to;
            }
            assertThat(live.leadQueries().rebuilds())
                    .as("late records rebuilt their leads")
                    .isPositive();
            assertEqual(live, models, now);
            assertThat(live.fireTimers().tidyReports(now, 0))
                    .as("a report leaves nothing to tidy")
                    .isZero();

            now += Duration.ofHours(1).toMillis();
            for (String user : List.of("t1", "t2", "t3", "t4", "t5")) {
                handRaiser(live, user, 20, "partner", now);
            }
            assertThat(live.fireTimers().tidyReports(now, 2))
                    .as("tidied two of five")
                    .isEqualTo(3);
            assertThat(live.fireTimers().tidyReports(now, 10))
                    .as("tidied the rest")
                    .isZero();
            assertEqual(live, models, now);

            now += Duration.ofHours(1).toMillis();
            for (String user : List.of("x1", "x2", "x3")) {
                handRaiser(live, user, user.equals("x3") ? 500 : 20, "webinar", now);
            }
            assertEqual(live, models, now);

            now += Duration.ofMinutes(5).toMillis();
            act(live, "x1", Action.TOUCH, "phone", now);
            act(live, "x1", Action.ACCEPT, null, now);
            assertEqual(live, models, now);

            act(live, "x2", Action.REJECT, "premature", now);
            assertEqual(live, models, now);
            now += Duration.ofHours(1).toMillis();
            handRaiser(live, "x2", 20, "requalified", now);
            assertThat(live.leadQueries().lead("x2", now).orElseThrow().cycle())
                    .as("qualified again")
                    .isEqualTo(2);
            assertEqual(live, models, now);

            String owner = live.leadQueries()
                    .handoffCase("x3")
                    .desk()
                    .orElseThrow()
                    .owner()
                    .orElseThrow();
            assertThat(live.reassignLead().reassign("x3", owner.equals("ann") ? "bob" : "ann", now))
                    .isTrue();
            assertEqual(live, models, now);

            live.ingestEvents()
                    .ingest(
                            List.of(new Identify(
                                    "vp-x1",
                                    Instant.ofEpochMilli(now),
                                    "x1",
                                    null,
                                    Fields.of(Map.of("job.seniority", "vp", "company.name", "Acme")))),
                            now);
            assertThat(live.leadQueries().lead("x1", now).orElseThrow().grade())
                    .as("a better fit, the same stage")
                    .contains("C4");
            assertEqual(live, models, now);

            Instant t = Instant.ofEpochMilli(now);
            live.ingestEvents()
                    .ingest(
                            List.of(
                                    new Identify(
                                            "id-e1",
                                            t,
                                            "e1",
                                            null,
                                            Fields.of(Map.of(
                                                    "job.seniority",
                                                    "vp",
                                                    "company.employees",
                                                    500,
                                                    "company.name",
                                                    "Acme"))),
                                    event("e1", "content_downloaded", "bofu", t),
                                    event("e1", "webinar_attended", "-", t),
                                    event("e1", "content_downloaded", "mofu", t)),
                            now);
            assertThat(live.leadQueries().lead("e1", now).orElseThrow().stage())
                    .as("an MQL by the criteria")
                    .isEqualTo(Stage.MQL);
            assertEqual(live, models, now);
            live.fireTimers().fireDue(now + Duration.ofMinutes(1).toMillis());
            assertThat(live.leadQueries()
                            .lead("e1", now)
                            .orElseThrow()
                            .transitions()
                            .getLast()
                            .actor())
                    .as("its engagement decayed below the criteria: expired by the timer, no record")
                    .isEqualTo("timer");
            assertEqual(live, models, now + Duration.ofMinutes(1).toMillis());
            now += Duration.ofMinutes(1).toMillis();

            handRaiser(live, "m1", 20, "g2", now);
            handRaiser(live, "m2", 20, "direct", now);
            handRaiser(live, "m3", 20, "g2", now);
            assertEqual(live, models, now);
            live.ingestEvents()
                    .ingest(List.of(new Alias("alias-m1", Instant.ofEpochMilli(now + 1), "m2", "m1")), now + 1);
            assertThat(live.leadQueries().lead("m1", now + 1))
                    .as("merged into m2")
                    .isEmpty();
            assertEqual(live, models, now + 1);

            live.ingestEvents()
                    .ingest(List.of(new Alias("alias-m3", Instant.ofEpochMilli(now - 1), "m4", "m3")), now + 1);
            assertThat(live.leadQueries().lead("m3", now + 1))
                    .as("a late alias: m3's records rebuilt into m4, no merge told")
                    .isEmpty();
            assertEqual(live, models, now + 1);

            now += Duration.ofDays(3).toMillis(); // the SLA escalations run: reassignments and recycles
            live.fireTimers().fireDue(now);
            assertEqual(live, models, now);

            assertEqual(Leadflow.load(model, store, handoffs, models, now), models, now);
        }
    }

    /** The history with about a tenth of its records held back, as phones and imports do: late records. */
    private static List<Input> heldBack(List<Input> generated, Random random) {
        List<Input> history = new ArrayList<>(generated);
        for (int i = 0; i < history.size() / 10; i++) {
            int from = random.nextInt(history.size());
            history.add(Math.min(history.size() - 1, from + 1 + random.nextInt(200)), history.remove(from));
        }
        return history;
    }

    /** Identifies {@code user} and asks for a demo: an MQL at once (the fast lane), routed by company size. */
    private static void handRaiser(Leadflow live, String user, int employees, String source, long at) {
        Instant t = Instant.ofEpochMilli(at);
        live.ingestEvents()
                .ingest(
                        List.of(
                                new Identify(
                                        "id-" + user + "-" + at,
                                        t,
                                        user,
                                        null,
                                        Fields.of(Map.of(
                                                "email", user + "@acme.example", "company.employees", employees))),
                                new Track(
                                        "demo-" + user + "-" + at,
                                        t,
                                        user,
                                        null,
                                        "demo_requested",
                                        Fields.of(Map.of("context.campaign.source", source)))),
                        at);
    }

    private static Track event(String user, String name, String stage, Instant at) {
        return new Track(
                name + "-" + stage + "-" + user, at, user, null, name, Fields.of(Map.of("funnel_stage", stage)));
    }

    private static void act(Leadflow live, String lead, Action action, String reason, long at) {
        LifecycleCommand command = new LifecycleCommand(
                action.wireName() + "-" + lead + "-" + at,
                Instant.ofEpochMilli(at),
                lead,
                action,
                reason,
                null,
                "ann",
                null);
        assertThat(live.performSalesAction().perform(command, at)).isInstanceOf(PerformSalesAction.Result.Done.class);
    }

    /** Every report, by every dimension, read from the index equals the same report from scratch. */
    private static void assertEqual(Leadflow live, dev.leadflow.app.port.Models models, long now) {
        ClosedLoopReports indexed = live.reports();
        ClosedLoopReports scratch = FromScratch.reports(live, models);
        Funnel.Range lastWeeks = new Funnel.Range(now - Duration.ofDays(20).toMillis(), Long.MAX_VALUE);
        for (String by : DIMENSIONS) {
            for (Funnel.Range range : List.of(Funnel.Range.ALL, lastWeeks)) {
                ZoneId zone = ZoneId.of("Europe/Berlin");
                assertThat(indexed.funnel(by, Funnel.Period.WEEK, zone, range, now))
                        .as("funnel by " + by)
                        .isEqualTo(scratch.funnel(by, Funnel.Period.WEEK, zone, range, now));
                assertThat(indexed.velocity(by, range, now))
                        .as("velocity by " + by)
                        .isEqualTo(scratch.velocity(by, range, now));
                assertThat(indexed.velocityWithTotal(by, range, now))
                        .as("velocity by " + by + " and in all")
                        .isEqualTo(new ClosedLoopReports.VelocityReports(
                                scratch.velocity(null, range, now),
                                by == null ? null : scratch.velocity(by, range, now)));
                assertThat(indexed.health(by, range, now))
                        .as("health by " + by)
                        .isEqualTo(scratch.health(by, range, now));
            }
        }
    }
}
