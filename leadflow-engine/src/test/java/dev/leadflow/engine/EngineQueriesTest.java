package dev.leadflow.engine;

import static dev.leadflow.fixtures.Records.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.Records;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.model.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("What the engine tells without changing anything: a lead's history, an action's refusal")
class EngineQueriesTest {

    private static final Model MODEL = Models.example();
    private final Records r = new Records();
    private final Engine engine = new Engine(MODEL);

    /** A known lead made MQL by the fast lane (which never expires). */
    private void handRaiser(String user) {
        engine.apply(r.identify(user, "job.seniority", "vp"));
        engine.apply(r.after(minutes(1)).track(user, "demo_requested"));
    }

    @Test
    @DisplayName("history: every applied record of the lead, merged ones included, refused actions left out")
    void history() {
        Input visit = r.anonymousPage("a1", "pricing");
        engine.apply(visit);
        Input identify = r.after(minutes(1)).identifyDevice("u1", "a1", "job.seniority", "vp");
        engine.apply(identify);
        Input other = r.after(minutes(1)).page("old-id", "product");
        engine.apply(other);
        Input demo = r.after(minutes(1)).track("u1", "demo_requested");
        engine.apply(demo);
        LifecycleCommand win = r.after(minutes(1)).action("u1", Action.WIN, null);
        assertThat(engine.apply(win)).isInstanceOf(Outcome.Refused.class);
        LifecycleCommand accept = r.after(minutes(1)).action("u1", Action.ACCEPT, null);
        engine.apply(accept);
        Input alias = r.after(minutes(1)).alias("old-id", "u1");
        engine.apply(alias);
        assertThat(engine.history("u1")).containsExactly(visit, identify, other, demo, accept, alias);
        assertThat(engine.history("nobody")).isEmpty();
    }

    @Test
    @DisplayName("one lead's lifecycle: its transitions and touches, as the walk over every lead gives them")
    void lifecycle() {
        handRaiser("u1");
        LifecycleCommand touch = r.after(minutes(5)).action("u1", Action.TOUCH, "phone");
        engine.apply(touch);
        engine.apply(r.after(minutes(5)).page("u2", "pricing"));
        Map<String, List<Object>> walked = new HashMap<>();
        engine.forEachLifecycle((id, transitions, touches) -> walked.put(id, List.of(transitions, touches.length)));
        List<Object> visited = new ArrayList<>();
        assertThat(engine.visitLifecycle(
                        "u1", (id, transitions, touches) -> visited.addAll(List.of(id, transitions, touches[0]))))
                .isTrue();
        assertThat(visited).containsExactly("u1", engine.transitions("u1"), touch.epochMillis());
        assertThat(walked.get("u1")).containsExactly(engine.transitions("u1"), 1);
        assertThat(engine.visitLifecycle("nobody", (id, transitions, touches) -> {
                    throw new AssertionError("visited a lead that does not exist");
                }))
                .isFalse();
    }

    @Test
    @DisplayName("refusal: the same answer apply would give, and nothing changes")
    void refusal() {
        handRaiser("u1");
        LifecycleCommand win = r.after(minutes(5)).action("u1", Action.WIN, null);
        Outcome.Refused expected = new Outcome.Refused(
                Outcome.Kind.NOT_ALLOWED,
                "lead 'u1': cannot win a lead in stage 'mql' (allowed: accept, reject, touch)");
        assertThat(engine.refusal(win)).contains(expected);
        assertThat(engine.refusal(r.action("u1", Action.REJECT, null)))
                .get()
                .extracting(Outcome.Refused::kind)
                .isEqualTo(Outcome.Kind.BAD_REASON);
        assertThat(engine.refusal(r.action("u9", Action.ACCEPT, null)))
                .get()
                .extracting(Outcome.Refused::kind)
                .isEqualTo(Outcome.Kind.UNKNOWN_LEAD);
        LifecycleCommand accept = r.action("u1", Action.ACCEPT, null);
        assertThat(engine.refusal(accept)).isEmpty();
        assertThat(engine.stage("u1")).contains(Stage.MQL);
        assertThat(engine.apply(win)).isEqualTo(expected);
        assertThat(engine.apply(accept)).isEqualTo(new Outcome.Applied("u1"));
        assertThat(engine.refusal(accept))
                .as("a duplicate is accepted and ignored")
                .isEmpty();
    }

    @Test
    @DisplayName("refusal counts an MQL expiry due by the action's time as fired")
    void expiryDue() {
        engine.apply(r.identify("u1", "job.seniority", "vp", "company.employees", 300));
        for (int i = 0; i < 5; i++) {
            engine.apply(r.after(minutes(1)).track("u1", "content_downloaded", "funnel_stage", "bofu"));
        }
        assertThat(engine.stage("u1")).contains(Stage.MQL);
        LifecycleCommand lateAccept = r.after(Records.days(300)).action("u1", Action.ACCEPT, null);
        assertThat(engine.refusal(lateAccept))
                .get()
                .extracting(Outcome.Refused::message)
                .asString()
                .contains("stage 'recycled'");
        assertThat(engine.apply(lateAccept))
                .isEqualTo(engine.refusal(lateAccept).orElseThrow());
        assertThat(List.of(engine.stage("u1").orElseThrow())).containsExactly(Stage.RECYCLED);
    }

    @Test
    @DisplayName("summary: the snapshot's headline without its ledger, plus email, name and company")
    void summary() {
        handRaiser("u1");
        engine.apply(r.after(minutes(1))
                .identify(
                        "u1",
                        "email",
                        "ana@acme.io",
                        "first_name",
                        "Ana",
                        "last_name",
                        "Silva",
                        "company.name",
                        "Acme"));
        long at = r.after(Records.days(3)).nowMillis();
        LeadSnapshot s = engine.snapshot("u1", at).orElseThrow();
        LeadSummary summary = engine.summary("u1", at).orElseThrow();
        assertThat(summary.stage()).isEqualTo(s.stage());
        assertThat(summary.fit()).isEqualTo(s.fit());
        assertThat(summary.engagement()).isCloseTo(s.engagement(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(summary.grade()).isEqualTo(s.grade());
        assertThat(summary.mqlAt()).isEqualTo(s.mqlAt());
        assertThat(summary.email()).contains("ana@acme.io");
        assertThat(summary.name()).contains("Ana Silva");
        assertThat(summary.company()).contains("Acme");
        assertThat(engine.summary("nobody", at)).isEmpty();
        assertThat(engine.grade("u1", at))
                .as("the grade alone")
                .isEqualTo(summary.grade())
                .isPresent();
        assertThat(engine.grade("nobody", at)).isEmpty();
    }

    @Test
    @DisplayName("regression guard: thousands of timer updates (queue compaction) still fire the one that is due")
    void timerQueueCompaction() {
        engine.apply(r.identify("u1", "job.seniority", "vp", "company.employees", 300));
        for (int i = 0; i < 5; i++) {
            engine.apply(r.after(minutes(1)).track("u1", "content_downloaded", "funnel_stage", "bofu"));
        }
        assertThat(engine.stage("u1")).contains(Stage.MQL);
        for (int i = 0; i < 6000; i++) { // each record moves the timer: stale entries pile up
            engine.apply(r.after(java.time.Duration.ofSeconds(1)).track("u1", "email_clicked"));
        }
        engine.advanceTo(r.after(Records.days(400)).nowMillis());
        LeadSnapshot s = engine.snapshot("u1", r.nowMillis()).orElseThrow();
        assertThat(s.stage()).isEqualTo(Stage.RECYCLED);
        assertThat(s.transitions()).last().satisfies(t -> assertThat(t.actor()).isEqualTo(Engine.ACTOR_TIMER));
    }

    @Test
    @DisplayName(
            "every summary: the leads wanted by id and stage, each as summary(id) gives it; the others not summed up")
    void forEachSummary() {
        handRaiser("u1");
        handRaiser("u2");
        engine.apply(r.after(minutes(1)).page("u3", "pricing"));
        long at = r.nowMillis();
        Map<String, Stage> asked = new HashMap<>();
        List<LeadSummary> visited = new ArrayList<>();
        engine.forEachSummary(
                at,
                (id, stage) -> {
                    asked.put(id, stage);
                    return !id.equals("u2") && stage == Stage.MQL;
                },
                visited::add);
        assertThat(asked)
                .isEqualTo(Map.of(
                        "u1",
                        Stage.MQL,
                        "u2",
                        Stage.MQL,
                        "u3",
                        engine.stage("u3").orElseThrow()));
        assertThat(visited).containsExactly(engine.summary("u1", at).orElseThrow());
    }

    @Test
    @DisplayName("records(): every record applied (none refused), by timestamp, ties in arrival order")
    void recordsInProcessingOrder() {
        List<Input> history = new ArrayList<>(dev.leadflow.fixtures.RandomHistory.generate(11, 40, 2_000));
        history.sort(java.util.Comparator.comparingLong(Input::epochMillis));
        Records r = new Records();
        history.add(r.at(minutes(0)).page("tie", "pricing")); // three records at one instant, at the end
        history.add(r.at(minutes(0)).identify("tie", "job.seniority", "vp"));
        history.add(r.at(minutes(0)).page("tie", "product"));
        Engine engine = new Engine(Models.example());
        List<Input> applied = new ArrayList<>();
        for (Input record : history) {
            if (engine.apply(record) instanceof Outcome.Applied) {
                applied.add(record);
            }
        }
        applied.sort(java.util.Comparator.comparingLong(Input::epochMillis)); // stable: ties keep arrival order

        assertThat(engine.records()).isEqualTo(applied);
        assertThat(engine.recordsCopy().inProcessingOrder()).isEqualTo(applied);
        assertThat(applied)
                .as("some sales actions were refused and are not records")
                .hasSizeLessThan(history.size());
    }
}
