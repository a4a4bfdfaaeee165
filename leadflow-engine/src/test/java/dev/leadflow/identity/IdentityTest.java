package dev.leadflow.identity;

import static dev.leadflow.fixtures.Records.hours;
import static dev.leadflow.fixtures.Records.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.engine.Outcome;
import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.Records;
import dev.leadflow.input.Alias;
import dev.leadflow.input.Group;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.Page;
import dev.leadflow.input.Track;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.model.Model;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Identity resolution")
class IdentityTest {

    private static final Model MODEL = Models.example();
    private final Records r = new Records();

    /** The same record, as if it had been sent with {@code userId} all along (same id and time). */
    private static Input asUser(Input in, String userId) {
        return switch (in) {
            case Track t -> new Track(t.messageId(), t.timestamp(), userId, null, t.name(), t.properties());
            case Page p -> new Page(p.messageId(), p.timestamp(), userId, null, p.properties());
            case Identify i -> new Identify(i.messageId(), i.timestamp(), userId, null, i.traits());
            case Group g -> new Group(g.messageId(), g.timestamp(), userId, null, g.groupId(), g.traits());
            default -> throw new IllegalArgumentException(in.toString());
        };
    }

    private static LeadSnapshot run(List<Input> inputs, String lead, long at) {
        Engine engine = new Engine(MODEL);
        inputs.forEach(engine::apply);
        engine.advanceTo(at);
        return engine.snapshot(lead, at).orElseThrow();
    }

    @Test
    @DisplayName("an anonymous history joins the userId that identifies it, scored as if one lead all along")
    void anonymousJoins() {
        List<Input> history = List.of(
                r.anonymousPage("a1", "pricing"),
                r.after(minutes(5)).anonymousPage("a1", "pricing"),
                r.after(hours(2)).anonymousTrack("a1", "content_downloaded", "funnel_stage", "bofu"),
                r.after(hours(1)).identifyDevice("u1", "a1", "job.seniority", "vp", "company.employees", 300),
                r.after(minutes(10)).page("u1", "pricing"),
                r.after(minutes(50)).page("u1", "pricing"));
        long end = r.nowMillis();
        LeadSnapshot joined = run(history, "u1", end);
        LeadSnapshot oneLead = run(history.stream().map(i -> asUser(i, "u1")).toList(), "u1", end);
        assertThat(joined.ledger()).isEqualTo(oneLead.ledger());
        assertThat(joined.engagement()).isEqualTo(oneLead.engagement());
        assertThat(joined.fit()).isEqualTo(oneLead.fit());
        assertThat(joined.anonymousIds()).containsExactly("a1");
    }

    @Test
    @DisplayName("alias merges two known leads; sessions and rate limits see the interleaved history")
    void aliasMerges() {
        // pricing has a limit of 3 per 7d: together the two leads saw 5 pricing pages, only 3 can score
        List<Input> history = List.of(
                r.identify("old", "job.seniority", "director"),
                r.after(minutes(1)).page("old", "pricing"),
                r.after(minutes(10)).page("new", "pricing"),
                r.after(minutes(10)).page("old", "pricing"),
                r.after(minutes(45)).page("new", "pricing"),
                r.after(minutes(10)).page("old", "pricing"));
        Alias alias = r.after(hours(1)).alias("old", "new");
        long end = r.nowMillis();
        Engine engine = new Engine(MODEL);
        history.forEach(engine::apply);
        assertThat(engine.apply(alias)).isEqualTo(new Outcome.Applied("new"));
        assertThat(engine.leadIds()).containsExactly("new");
        LeadSnapshot merged = engine.snapshot("new", end).orElseThrow();
        LeadSnapshot oneLead = run(history.stream().map(i -> asUser(i, "new")).toList(), "new", end);
        assertThat(merged.ledger()).isEqualTo(oneLead.ledger());
        assertThat(merged.ledger().stream()
                        .filter(e -> e.rule().equals("pricing-page"))
                        .count())
                .isEqualTo(3);
        assertThat(engine.leadOf("old")).contains("new");
        engine.apply(r.after(minutes(1)).page("old", "pricing"));
        assertThat(engine.leadIds())
                .as("later records for the old id reach the merged lead")
                .containsExactly("new");
    }

    @Test
    @DisplayName("a merged-in visitor's pending conversion moves the lead on at the merge")
    void pendingConversion() {
        Engine engine = new Engine(MODEL);
        engine.apply(r.identify("u1", "email", "a@corp.io"));
        engine.apply(r.after(minutes(1)).anonymousTrack("phone", "form_submitted"));
        assertThat(engine.stage("u1")).contains(Stage.SUBSCRIBER);
        engine.apply(r.after(minutes(1)).identifyDevice("u1", "phone"));
        assertThat(engine.stage("u1")).contains(Stage.LEAD);
    }

    @Test
    @DisplayName("a shared device does not merge two known people")
    void sharedDevice() {
        Engine engine = new Engine(MODEL);
        engine.apply(r.identifyDevice("u1", "kiosk", "email", "a@corp.io"));
        engine.apply(r.after(minutes(1)).identifyDevice("u2", "kiosk", "email", "b@corp.io"));
        assertThat(engine.leadIds()).containsExactly("u1", "u2");
        engine.apply(r.after(minutes(1)).anonymousPage("kiosk", "pricing"));
        assertThat(engine.snapshot("u2", r.nowMillis()).orElseThrow().engagement())
                .isPositive();
        assertThat(engine.snapshot("u1", r.nowMillis()).orElseThrow().engagement())
                .isZero();
    }

    @Test
    @DisplayName("regression: a cookie claimed by a second user, whose lead is then aliased away, still resolves")
    void claimedCookieSurvivesMerge() {
        Engine engine = new Engine(MODEL);
        engine.apply(r.identifyDevice("u1", "a1"));
        engine.apply(r.after(minutes(1)).identifyDevice("u2", "a1"));
        engine.apply(r.after(minutes(1)).alias("u2", "u3"));
        assertThat(engine.apply(r.after(minutes(1)).anonymousPage("a1", "pricing")))
                .isEqualTo(new Outcome.Applied("u3"));
    }

    @Test
    @DisplayName("a visitor's record delivered again after another user took over the device is still a duplicate")
    void duplicateAfterDeviceChangedHands() {
        Engine engine = new Engine(MODEL);
        Input visit = r.anonymousPage("kiosk", "pricing");
        engine.apply(visit);
        engine.apply(r.after(minutes(1)).identifyDevice("u1", "kiosk"));
        engine.apply(r.after(minutes(1)).identifyDevice("u2", "kiosk"));
        assertThat(engine.apply(visit)).isEqualTo(new Outcome.Duplicate(visit.messageId()));
        assertThat(engine.snapshot("u2", r.nowMillis()).orElseThrow().engagement())
                .isZero();
    }

    @Test
    @DisplayName("a messageId is an idempotency key across leads: sent again for another user, it is a duplicate")
    void messageIdIsGlobal() {
        Engine engine = new Engine(MODEL);
        Page first = r.page("u1", "pricing");
        engine.apply(first);
        Page reused = new Page(first.messageId(), first.timestamp(), "u2", null, first.properties());
        assertThat(engine.apply(reused)).isEqualTo(new Outcome.Duplicate(first.messageId()));
        assertThat(engine.leadIds()).containsExactly("u1");
    }

    @Test
    @DisplayName("regression: an alias between two leads with lifecycles keeps the one with more cycles")
    void aliasKeepsTheFurtherLifecycle() {
        Engine engine = new Engine(Models.small());
        engine.apply(r.identify("u1", "job.seniority", "vp"));
        engine.apply(r.page("u1", "pricing"));
        engine.apply(r.page("u1", "pricing"));
        engine.apply(r.page("u1", "pricing"));
        engine.apply(r.after(minutes(1)).action("u1", dev.leadflow.lifecycle.Action.ACCEPT, null));
        engine.apply(r.after(minutes(1)).identify("u2", "email", "x@corp.io"));
        engine.apply(r.after(minutes(1)).alias("u1", "u2"));
        LeadSnapshot merged = engine.snapshot("u2", r.nowMillis()).orElseThrow();
        assertThat(merged.stage()).isEqualTo(Stage.SAL);
        assertThat(merged.cycle()).isEqualTo(1);
    }
}
