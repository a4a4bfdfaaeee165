package dev.leadflow.engine;

import static dev.leadflow.fixtures.Records.days;
import static dev.leadflow.fixtures.Records.hours;
import static dev.leadflow.fixtures.Records.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.Records;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The lifecycle, driven by the engine")
class LifecycleTest {

    private final Records r = new Records();
    private final List<Transition> heard = new ArrayList<>();
    private Engine engine = new Engine(Models.small(), (lead, t) -> heard.add(t));

    private Outcome apply(Input input) {
        return engine.apply(input);
    }

    private Stage stage(String lead) {
        return engine.stage(lead).orElseThrow();
    }

    private List<Transition> transitions(String lead) {
        return engine.snapshot(lead, r.nowMillis()).orElseThrow().transitions();
    }

    /** A VP who has seen {@code pages} pricing pages now: fit 30, engagement 10 per page. */
    private void vpWithPricingPages(String user, int pages) {
        apply(r.identify(user, "job.seniority", "vp"));
        for (int i = 0; i < pages; i++) {
            apply(r.page(user, "pricing"));
        }
    }

    @AfterEach
    void everyHistoryIsALegalPath() {
        for (String id : engine.leadIds()) {
            Invariants.assertLegalPath(transitions(id));
        }
        Invariants.assertLedgersSum(engine, r.nowMillis());
    }

    @Nested
    @DisplayName("automatic moves")
    class Automatic {

        @Test
        @DisplayName("visitor → subscriber when the lead becomes known")
        void identified() {
            apply(r.identify("u1", "email", "a@b.co"));
            assertThat(transitions("u1"))
                    .extracting(
                            Transition::from, Transition::to, Transition::actor, Transition::reason, Transition::cycle)
                    .containsExactly(tuple(Stage.VISITOR, Stage.SUBSCRIBER, "identity", "identified", 0));
        }

        @Test
        @DisplayName("subscriber → lead on the first conversion; lead → mql when the criteria hold")
        void conversionThenCriteria() {
            apply(r.identify("u1", "job.seniority", "vp"));
            apply(r.after(minutes(1)).track("u1", "content_downloaded"));
            assertThat(stage("u1")).isEqualTo(Stage.LEAD);
            apply(r.after(minutes(1)).page("u1", "pricing"));
            assertThat(stage("u1")).isEqualTo(Stage.LEAD);
            apply(r.after(minutes(1)).page("u1", "pricing"));
            assertThat(stage("u1")).isEqualTo(Stage.MQL);
            LeadSnapshot s = engine.snapshot("u1", r.nowMillis()).orElseThrow();
            assertThat(s.cycle()).isEqualTo(1);
            assertThat(s.mqlAt()).contains(r.nowMillis());
            assertThat(s.transitions())
                    .extracting(Transition::to, Transition::actor, Transition::reason)
                    .containsExactly(
                            tuple(Stage.SUBSCRIBER, "identity", "identified"),
                            tuple(Stage.LEAD, "conversion", "content_downloaded"),
                            tuple(Stage.MQL, "lifecycle.mql", "criteria"));
        }

        @Test
        @DisplayName("subscriber → mql directly when the criteria hold without a conversion")
        void subscriberToMql() {
            vpWithPricingPages("u1", 2);
            assertThat(transitions("u1")).extracting(Transition::to).containsExactly(Stage.SUBSCRIBER, Stage.MQL);
        }

        @Test
        @DisplayName("an anonymous visitor is scored but stays a visitor, however engaged")
        void anonymousStaysVisitor() {
            apply(r.anonymousTrack("a1", "content_downloaded"));
            for (int i = 0; i < 5; i++) {
                apply(r.anonymousPage("a1", "pricing"));
            }
            apply(r.anonymousTrack("a1", "demo_requested"));
            assertThat(stage("anon:a1")).isEqualTo(Stage.VISITOR);
            assertThat(engine.snapshot("anon:a1", r.nowMillis()).orElseThrow().engagement())
                    .isEqualTo(55.0);
        }

        @Test
        @DisplayName("on identification the whole history is evaluated at once: subscriber, lead and mql")
        void wholeHistoryAtOnce() {
            apply(r.anonymousTrack("a1", "content_downloaded"));
            apply(r.after(minutes(1)).anonymousPage("a1", "pricing"));
            apply(r.after(minutes(1)).anonymousPage("a1", "pricing"));
            apply(r.after(hours(1)).identifyDevice("u1", "a1", "job.seniority", "vp"));
            assertThat(transitions("u1"))
                    .extracting(Transition::to, Transition::at, Transition::reason)
                    .containsExactly(
                            tuple(Stage.SUBSCRIBER, r.nowMillis(), "identified"),
                            tuple(Stage.LEAD, r.nowMillis(), "content_downloaded"),
                            tuple(Stage.MQL, r.nowMillis(), "criteria"));
        }

        @Test
        @DisplayName("a fast-lane event makes a known lead an MQL at once, without the criteria")
        void fastLane() {
            apply(r.identify("u1", "email", "x@y.co"));
            apply(r.after(minutes(1)).track("u1", "demo_requested"));
            assertThat(transitions("u1"))
                    .extracting(Transition::to, Transition::actor, Transition::reason)
                    .endsWith(tuple(Stage.MQL, "fast_lane", "demo_requested"));
        }
    }

    @Nested
    @DisplayName("sales actions")
    class Actions {

        @Test
        @DisplayName("take an MQL through sal, sql and opportunity to customer, recording actor and cycle")
        void happyPath() {
            vpWithPricingPages("u1", 3);
            apply(r.after(hours(1)).action("u1", Action.ACCEPT, null));
            apply(r.after(hours(1)).action("u1", Action.QUALIFY, null));
            apply(r.after(hours(1)).action("u1", Action.OPEN_OPPORTUNITY, null));
            apply(r.after(hours(1)).action("u1", Action.WIN, null));
            assertThat(transitions("u1"))
                    .extracting(Transition::to, Transition::actor, Transition::cycle)
                    .containsExactly(
                            tuple(Stage.SUBSCRIBER, "identity", 0),
                            tuple(Stage.MQL, "lifecycle.mql", 1),
                            tuple(Stage.SAL, "rep:test", 1),
                            tuple(Stage.SQL, "rep:test", 1),
                            tuple(Stage.OPPORTUNITY, "rep:test", 1),
                            tuple(Stage.CUSTOMER, "rep:test", 1));
        }

        @Test
        @DisplayName("an illegal action is refused, names the allowed actions, and changes nothing")
        void illegal() {
            vpWithPricingPages("u1", 3);
            Input win = r.after(hours(1)).action("u1", Action.WIN, null);
            assertThat(apply(win))
                    .isEqualTo(new Outcome.Refused(
                            Outcome.Kind.NOT_ALLOWED,
                            "lead 'u1': cannot win a lead in stage 'mql' (allowed: accept, reject, touch)"));
            assertThat(stage("u1")).isEqualTo(Stage.MQL);
            assertThat(apply(r.action("u1", Action.REJECT, null)))
                    .isInstanceOf(Outcome.Refused.class)
                    .extracting(o -> ((Outcome.Refused) o).kind())
                    .isEqualTo(Outcome.Kind.BAD_REASON);
            assertThat(apply(r.action("nobody", Action.ACCEPT, null)))
                    .isEqualTo(new Outcome.Refused(Outcome.Kind.UNKNOWN_LEAD, "unknown lead 'nobody'"));
        }

        @Test
        @DisplayName(
                "a touch keeps the stage, is kept in the history and told to the listener; refused outside MQL and SAL")
        void touch() {
            List<LifecycleCommand> touches = new ArrayList<>();
            engine = new Engine(Models.small(), new EngineListener() {
                @Override
                public void onTransition(String leadId, Transition transition) {
                    heard.add(transition);
                }

                @Override
                public void onAction(String leadId, LifecycleCommand command) {
                    touches.add(command);
                }
            });
            apply(r.identify("u1", "job.seniority", "vp"));
            assertThat(apply(r.action("u1", Action.TOUCH, "phone"))).isInstanceOf(Outcome.Refused.class);
            vpWithPricingPages("u1", 3);
            int before = heard.size();
            LifecycleCommand call = r.after(hours(1)).action("u1", Action.TOUCH, "phone");
            assertThat(engine.refusal(call)).isEmpty();
            assertThat(apply(call)).isEqualTo(new Outcome.Applied("u1"));
            assertThat(stage("u1")).isEqualTo(Stage.MQL);
            assertThat(heard).hasSize(before);
            assertThat(touches).containsExactly(call);
            assertThat(engine.history("u1")).contains(call);
            assertThat(apply(r.action("u1", Action.TOUCH, "carrier pigeon")))
                    .isInstanceOf(Outcome.Refused.class)
                    .extracting(o -> ((Outcome.Refused) o).kind())
                    .isEqualTo(Outcome.Kind.BAD_REASON);
        }

        @Test
        @DisplayName("the hand-off view gives the facts and the last conversion; the transitions are there too")
        void handoffView() {
            apply(r.identify("u1", "job.seniority", "vp"));
            assertThat(engine.handoffView("u1", r.nowMillis()).orElseThrow().lastConversionAt())
                    .isEmpty();
            apply(r.after(minutes(5)).track("u1", "content_downloaded"));
            long converted = r.nowMillis();
            apply(r.after(minutes(5)).page("u1", "pricing"));
            Engine.HandoffView view = engine.handoffView("u1", r.nowMillis()).orElseThrow();
            assertThat(view.lastConversionAt()).contains(converted);
            assertThat(engine.transitions("u1"))
                    .extracting(Transition::to)
                    .containsExactly(Stage.SUBSCRIBER, Stage.LEAD);
            assertThat(view.facts().attribute("job.seniority")).isEqualTo("vp");
            assertThat(engine.handoffView("nobody", 0)).isEmpty();
        }

        @Test
        @DisplayName("a repeated messageId is accepted and ignored")
        void duplicate() {
            Input page = r.page("u1", "pricing");
            assertThat(apply(page)).isEqualTo(new Outcome.Applied("u1"));
            assertThat(apply(page)).isEqualTo(new Outcome.Duplicate(page.messageId()));
            assertThat(engine.snapshot("u1", r.nowMillis()).orElseThrow().engagement())
                    .isEqualTo(10.0);
        }

        @Test
        @DisplayName(
                "a refused action may be sent again with its messageId once fixed; an applied one is then a duplicate")
        void refusedActionRetried() {
            vpWithPricingPages("u1", 3);
            LifecycleCommand missingReason = r.after(hours(1)).action("u1", Action.REJECT, null);
            assertThat(apply(missingReason)).isInstanceOf(Outcome.Refused.class);
            LifecycleCommand fixed = new LifecycleCommand(
                    missingReason.messageId(),
                    missingReason.timestamp(),
                    "u1",
                    Action.REJECT,
                    "premature",
                    null,
                    "rep:test",
                    null);
            assertThat(apply(fixed)).isEqualTo(new Outcome.Applied("u1"));
            assertThat(apply(fixed)).isEqualTo(new Outcome.Duplicate(fixed.messageId()));
            assertThat(stage("u1")).isEqualTo(Stage.RECYCLED);
        }
    }

    @Nested
    @DisplayName("recycling and re-qualification")
    class Recycling {

        @Test
        @DisplayName("a premature rejection recycles; the criteria re-qualify only after the cool-down, as a new cycle")
        void requalifyAfterCoolDown() {
            vpWithPricingPages("u1", 3);
            apply(r.after(hours(1)).action("u1", Action.REJECT, "premature"));
            long recycledAt = r.nowMillis();
            assertThat(stage("u1")).isEqualTo(Stage.RECYCLED);
            for (int day = 1; day < 7; day++) {
                apply(r.at(days(day)).page("u1", "pricing"));
                apply(r.after(minutes(1)).page("u1", "pricing"));
                assertThat(stage("u1")).as("day %d, inside the cool-down", day).isEqualTo(Stage.RECYCLED);
            }
            r.at(days(7)).after(hours(1));
            assertThat(r.nowMillis() - recycledAt).isEqualTo(days(7).toMillis());
            apply(r.page("u1", "pricing"));
            apply(r.after(minutes(1)).page("u1", "pricing"));
            assertThat(stage("u1")).isEqualTo(Stage.MQL);
            assertThat(engine.snapshot("u1", r.nowMillis()).orElseThrow().cycle())
                    .isEqualTo(2);
        }

        @Test
        @DisplayName("a fast-lane event re-qualifies a recycled lead at once, cool-down or not")
        void fastLaneIgnoresCoolDown() {
            vpWithPricingPages("u1", 3);
            apply(r.after(hours(1)).action("u1", Action.REJECT, "premature"));
            apply(r.after(hours(1)).track("u1", "demo_requested"));
            assertThat(stage("u1")).isEqualTo(Stage.MQL);
            assertThat(transitions("u1").get(transitions("u1").size() - 1).cycle())
                    .isEqualTo(2);
        }

        @Test
        @DisplayName("a disqualified lead stays out, even when it raises its hand")
        void disqualifiedStaysOut() {
            vpWithPricingPages("u1", 3);
            apply(r.after(hours(1)).action("u1", Action.REJECT, "not_icp"));
            apply(r.after(days(30)).track("u1", "demo_requested"));
            assertThat(stage("u1")).isEqualTo(Stage.DISQUALIFIED);
        }

        @Test
        @DisplayName("a lost opportunity goes back to nurture")
        void lost() {
            vpWithPricingPages("u1", 3);
            for (Action a : List.of(Action.ACCEPT, Action.QUALIFY, Action.OPEN_OPPORTUNITY)) {
                apply(r.after(hours(1)).action("u1", a, null));
            }
            apply(r.after(hours(1)).action("u1", Action.LOSE, "price"));
            assertThat(transitions("u1"))
                    .last()
                    .extracting(Transition::to, Transition::reason)
                    .containsExactly(Stage.RECYCLED, "price");
        }
    }

    @Nested
    @DisplayName("MQL expiry")
    class Expiry {

        private double engagement(double points, long ageMillis) {
            return points * Math.pow(2, -(double) ageMillis / days(1).toMillis());
        }

        @Test
        @DisplayName("fires at exactly the millisecond decay makes the criteria false")
        void exactInstant() {
            vpWithPricingPages("u1", 3); // engagement 30 at t0, threshold 20, half-life 1d
            long t0 = r.nowMillis();
            long expected = t0;
            while (engagement(30, expected - t0) >= 20) {
                expected++; // brute force, independent of the engine's closed form
            }
            engine.advanceTo(expected - 1);
            assertThat(stage("u1")).isEqualTo(Stage.MQL);
            engine.advanceTo(expected);
            assertThat(stage("u1")).isEqualTo(Stage.RECYCLED);
            assertThat(transitions("u1"))
                    .last()
                    .extracting(Transition::at, Transition::actor, Transition::reason)
                    .containsExactly(expected, "timer", "expired");
            assertThat(heard).last().extracting(Transition::reason).isEqualTo("expired");
            r.at(java.time.Duration.ofMillis(expected - Records.T0.toEpochMilli()));
        }

        @Test
        @DisplayName("is pushed back by new engagement")
        void pushedBack() {
            vpWithPricingPages("u1", 2); // 20: expires 1 ms later without more engagement
            apply(r.page("u1", "pricing")); // same instant: 30
            long t0 = r.nowMillis();
            apply(r.after(hours(6)).page("u1", "pricing"));
            double e6h = engagement(30, hours(6).toMillis()) + 10;
            long expected = r.nowMillis();
            while (engagement(e6h, expected - r.nowMillis()) >= 20) {
                expected++;
            }
            engine.advanceTo(expected - 1);
            assertThat(stage("u1")).isEqualTo(Stage.MQL);
            engine.advanceTo(expected);
            assertThat(transitions("u1")).last().extracting(Transition::at).isEqualTo(expected);
            assertThat(expected).isGreaterThan(t0 + hours(6).toMillis());
        }

        @Test
        @DisplayName("fires lazily at the right instant when the lead's next record comes after it")
        void lazily() {
            vpWithPricingPages("u1", 3);
            Outcome late = apply(r.after(days(3)).action("u1", Action.ACCEPT, null));
            assertThat(late)
                    .isEqualTo(new Outcome.Refused(
                            Outcome.Kind.NOT_ALLOWED,
                            "lead 'u1': cannot accept a lead in stage 'recycled' (allowed: none)"));
            assertThat(transitions("u1")).last().extracting(Transition::at).matches(at -> at < r.nowMillis());
        }

        @Test
        @DisplayName("does not apply to accepted leads, fast-lane MQLs, or when expire_mql is false")
        void exemptions() {
            vpWithPricingPages("u1", 2);
            apply(r.action("u1", Action.ACCEPT, null));
            apply(r.identify("u2", "email", "x@y.co"));
            apply(r.track("u2", "demo_requested"));
            engine.advanceTo(r.after(days(60)).nowMillis());
            assertThat(stage("u1")).isEqualTo(Stage.SAL);
            assertThat(stage("u2")).isEqualTo(Stage.MQL);

            Model noExpiry = Models.parse(
                    Models.SMALL.replace("requalify_after: 7d", "requalify_after: 7d\n  expire_mql: false"));
            engine = new Engine(noExpiry);
            vpWithPricingPages("u3", 2);
            engine.advanceTo(r.after(days(60)).nowMillis());
            assertThat(stage("u3")).isEqualTo(Stage.MQL);
        }
    }

    @Nested
    @DisplayName("regressions")
    class Regressions {

        @Test
        @DisplayName("an MQL whose engagement exactly equals the threshold expires one millisecond later")
        void expiryAtExactThreshold() {
            vpWithPricingPages("u1", 2); // engagement 20.0, criteria engagement ≥ 20
            long t0 = r.nowMillis();
            engine.advanceTo(t0);
            assertThat(stage("u1")).isEqualTo(Stage.MQL);
            engine.advanceTo(t0 + 1);
            assertThat(transitions("u1"))
                    .last()
                    .extracting(Transition::at, Transition::reason)
                    .containsExactly(t0 + 1, "expired");
        }

        @Test
        @DisplayName("fit rules that hold on absent attributes count in the criteria before any attribute is set")
        void fitBeforeAnyAttribute() {
            engine = new Engine(Models.parse(Models.SMALL.replace(
                    "if: { attribute: job.seniority, eq: vp }",
                    "if: { not: { attribute: email, matches: \"@gmail\\\\.\" } }")));
            apply(r.page("u1", "pricing"));
            apply(r.page("u1", "pricing"));
            assertThat(stage("u1")).isEqualTo(Stage.MQL);
        }

        @Test
        @DisplayName("a hand-raiser who was already an MQL by the criteria no longer expires")
        void handRaiserInMql() {
            vpWithPricingPages("u1", 3);
            apply(r.after(minutes(5)).track("u1", "demo_requested"));
            engine.advanceTo(r.after(days(60)).nowMillis());
            assertThat(stage("u1")).isEqualTo(Stage.MQL);
        }

        @Test
        @DisplayName("timers fired together are told to the listener in the order they fell due")
        void timersInOrder() {
            vpWithPricingPages("zz", 3);
            r.after(hours(1));
            vpWithPricingPages("aa", 2);
            heard.clear();
            engine.advanceTo(r.after(days(5)).nowMillis());
            assertThat(heard).extracting(Transition::reason).containsExactly("expired", "expired");
            assertThat(heard.get(0).at()).isLessThan(heard.get(1).at());
        }
    }
}
