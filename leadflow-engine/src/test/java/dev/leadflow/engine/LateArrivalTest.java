package dev.leadflow.engine;

import static dev.leadflow.fixtures.Records.hours;
import static dev.leadflow.fixtures.Records.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.RandomHistory;
import dev.leadflow.fixtures.Records;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.model.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records that arrive after later ones, as a live server sees them: each is applied at once when
 * it is not {@linkplain Engine#isLate late}, else the leads it concerns are rebuilt from their
 * stored records. The result must equal a replay of everything stored.
 */
@DisplayName("Late records")
class LateArrivalTest {

    private static final Model MODEL = Models.example();
    private final Records r = new Records();

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    /** What a live server does: store every record, apply it or rebuild its identity component. */
    private static final class Live {
        final Engine engine = new Engine(MODEL);
        final List<Input> stored = new ArrayList<>();
        int rebuilds;

        void receive(Input input) {
            stored.add(input);
            if (!engine.isLate(input)) {
                engine.apply(input);
                return;
            }
            rebuilds++;
            Set<String> keys = closure(input);
            List<Input> component = new ArrayList<>();
            for (Input s : stored) {
                if (!Collections.disjoint(Engine.identityKeys(s), keys)) {
                    component.add(s);
                }
            }
            component.sort(Comparator.comparingLong(Input::epochMillis)); // stable: ties in arrival order
            engine.rebuild(keys, component);
        }

        private Set<String> closure(Input start) {
            Set<String> keys = new HashSet<>(Engine.identityKeys(start));
            boolean grew = true;
            while (grew) {
                grew = false;
                for (Input s : stored) {
                    Set<String> k = Engine.identityKeys(s);
                    if (!Collections.disjoint(k, keys) && keys.addAll(k)) {
                        grew = true;
                    }
                }
            }
            return keys;
        }
    }

    private static void assertSameAsReplay(Live live, long at) {
        List<Replay.Numbered> numbered = new ArrayList<>();
        for (int i = 0; i < live.stored.size(); i++) {
            numbered.add(new Replay.Numbered(i + 1, live.stored.get(i)));
        }
        Replay.Result replay = Replay.run(new Engine(MODEL), numbered, Optional.of(at), p -> {});
        live.engine.advanceTo(at);
        assertThat(live.engine.leadIds()).isEqualTo(replay.engine().leadIds());
        for (String id : replay.engine().leadIds()) {
            assertThat(live.engine.snapshot(id, at))
                    .as(id)
                    .isEqualTo(replay.engine().snapshot(id, at));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("records arriving out of order, with the clock advancing meanwhile, end as a replay of them all")
    void outOfOrderEqualsReplay(long seed) {
        List<Input> history = RandomHistory.generate(seed, 8, 250);
        List<Input> arrival = new ArrayList<>(history);
        Random random = new Random(seed);
        // mostly in order, with some records held back and delivered later (mobile clients, imports)
        for (int i = 0; i < arrival.size() / 8; i++) {
            int from = random.nextInt(arrival.size());
            int to = Math.min(arrival.size() - 1, from + 1 + random.nextInt(40));
            arrival.add(to, arrival.remove(from));
        }
        Live live = new Live();
        long clock = Long.MIN_VALUE;
        for (Input input : arrival) {
            live.receive(input);
            clock = Math.max(clock, input.epochMillis());
            if (random.nextInt(10) == 0) {
                live.engine.advanceTo(clock); // the server's timer thread
            }
        }
        assertThat(live.rebuilds).isPositive();
        assertSameAsReplay(live, history.get(history.size() - 1).epochMillis() + 86_400_000L);
    }

    @Test
    @DisplayName("regression: records with the same timestamp keep their arrival order when a rebuilt lead merges")
    void tiesAfterRebuild() {
        Live live = new Live();
        Records at = new Records();
        Input mine = at.after(hours(1)).track("u1", "content_downloaded", "funnel_stage", "bofu");
        Input visitorsSameInstant = at.anonymousPage("a1", "pricing");
        Input lateForU1 = at.after(minutes(-5)).track("u1", "content_downloaded", "funnel_stage", "tofu");
        Input joins = at.after(minutes(10)).identifyDevice("u1", "a1");
        live.receive(mine);
        live.receive(visitorsSameInstant);
        live.receive(lateForU1);
        live.receive(joins);
        assertThat(live.rebuilds).isEqualTo(1);
        assertSameAsReplay(live, at.nowMillis());
    }

    @Test
    @DisplayName("a record is late when its lead has a later record, not when it is the latest")
    void lateness() {
        Engine engine = new Engine(MODEL);
        Input early = r.page("u1", "pricing");
        Input later = r.after(hours(1)).page("u1", "pricing");
        engine.apply(later);
        assertThat(engine.isLate(early)).isTrue();
        assertThat(engine.isLate(r.page("u2", "pricing"))).as("another lead").isFalse();
        assertThat(engine.isLate(r.after(minutes(1)).page("u1", "pricing"))).isFalse();
        assertThat(engine.isLate(later))
                .as("a duplicate is ignored, never late")
                .isFalse();
    }

    @Test
    @DisplayName("an event dated before a fired MQL expiry is late: the expiry may not have happened")
    void beforeExpiry() {
        Engine engine = new Engine(MODEL);
        engine.apply(r.identify("u1", "job.seniority", "vp", "company.employees", 300));
        for (int i = 0; i < 5; i++) {
            engine.apply(r.after(minutes(1)).track("u1", "content_downloaded", "funnel_stage", "bofu"));
        }
        assertThat(engine.stage("u1")).contains(Stage.MQL);
        long last = r.nowMillis();
        engine.advanceTo(last + 400L * 86_400_000);
        assertThat(engine.stage("u1")).contains(Stage.RECYCLED);
        assertThat(engine.isLate(r.after(hours(24 * 20)).page("u1", "pricing"))).isTrue();
    }

    @Test
    @DisplayName("an action refused for an unknown lead makes an earlier record creating that lead late")
    void refusedUnknownLead() {
        Engine engine = new Engine(MODEL);
        Input first = r.identify("u9", "job.seniority", "vp");
        Input action = r.after(hours(1)).action("u9", Action.ACCEPT, null);
        assertThat(engine.apply(action)).isInstanceOf(Outcome.Refused.class);
        assertThat(engine.isLate(first)).isTrue();
    }

    @Test
    @DisplayName("rebuilding forgets the component's duplicates and leads, and keeps every other lead")
    void rebuildKeepsOthers() {
        Engine engine = new Engine(MODEL);
        Input a = r.page("u1", "pricing");
        Input b = r.after(minutes(1)).page("u2", "pricing");
        Input late = r.page("u1", "product");
        engine.apply(a);
        engine.apply(b);
        LeadSnapshot other = engine.snapshot("u2", r.nowMillis()).orElseThrow();
        List<Outcome> outcomes = engine.rebuild(Set.of("u1"), List.of(a, late));
        assertThat(outcomes).containsExactly(new Outcome.Applied("u1"), new Outcome.Applied("u1"));
        assertThat(engine.snapshot("u2", r.nowMillis())).contains(other);
        assertThat(engine.apply(a)).isEqualTo(new Outcome.Duplicate(a.messageId()));
        Engine fresh = new Engine(MODEL);
        fresh.apply(a);
        fresh.apply(late);
        assertThat(engine.snapshot("u1", r.nowMillis())).isEqualTo(fresh.snapshot("u1", r.nowMillis()));
    }
}
