package dev.leadflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.RandomHistory;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Condition;
import dev.leadflow.model.Model;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An engine's lanes (AutomaticMoves): each is what an engine for a model with that lane's criteria does. */
@DisplayName("Engine lanes: a lane's lifecycle is that of the model with the lane's MQL criteria")
class LanesTest {

    static final String[] VARIANTS = {"gte: 10 }", "gte: 25 }", "gte: 55 }"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void eachLaneEqualsItsOwnEngine(long seed) throws IOException {
        String yaml = example();
        List<Input> history = new ArrayList<>();
        for (Input r : RandomHistory.generate(seed, 60, 3_000)) {
            if (!(r instanceof LifecycleCommand)) {
                history.add(r);
            }
        }
        history.sort(java.util.Comparator.comparingLong(Input::epochMillis));
        List<Model> variants = new ArrayList<>();
        for (String v : VARIANTS) {
            variants.add(Models.parse(yaml.replace("{ score: engagement, gte: 40 }", "{ score: engagement, " + v)));
        }
        List<Optional<Condition>> lanes =
                variants.stream().map(m -> m.lifecycle().mql()).toList();
        Model model = Models.parse(yaml);
        Engine withLanes = new Engine(model, EngineListener.NONE, lanes);
        Engine plain = new Engine(model);
        history.forEach(withLanes::apply);
        history.forEach(plain::apply);
        long end = history.getLast().epochMillis() + 90L * 86_400_000L;
        withLanes.advanceTo(end);
        plain.advanceTo(end);

        assertThat(lifecycles(withLanes, 0)).as("lane 0 is the model's own").isEqualTo(lifecycles(plain, 0));
        for (int i = 0; i < variants.size(); i++) {
            Engine own = new Engine(variants.get(i));
            history.forEach(own::apply);
            own.advanceTo(end);
            assertThat(lifecycles(withLanes, i + 1)).as("lane " + (i + 1)).isEqualTo(lifecycles(own, 0));
        }
        assertThat(lifecycles(withLanes, 1)).as("the lanes differ from lane 0").isNotEqualTo(lifecycles(withLanes, 0));
    }

    static Map<String, List<Transition>> lifecycles(Engine engine, int lane) {
        Map<String, List<Transition>> out = new HashMap<>();
        Engine.LifecycleVisitor v = (id, transitions, touches) -> out.put(id, List.copyOf(transitions));
        if (lane == 0) {
            engine.forEachLifecycle(v);
        } else {
            engine.forEachLaneLifecycle(lane, v);
        }
        return out;
    }

    static String example() throws IOException {
        try (InputStream in = LanesTest.class.getResourceAsStream("/dev/leadflow/examples/model.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
