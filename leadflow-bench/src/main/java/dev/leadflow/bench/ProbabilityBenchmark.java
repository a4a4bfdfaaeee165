package dev.leadflow.bench;

import dev.leadflow.engine.Engine;
import dev.leadflow.input.Input;
import dev.leadflow.lab.PredictiveExamples;
import dev.leadflow.model.Model;
import dev.leadflow.predict.Encoder;
import dev.leadflow.predict.Features;
import dev.leadflow.predict.Predictive;
import dev.leadflow.predict.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine throughput with the predictive probability on and off (docs/BENCHMARKS.md, "Probability
 * on"): {@link EngineBenchmark}'s replay of 100k leads and 5.2M session-shaped events, once under
 * the example model as it is ({@code off}); with {@code { score: probability, gte: 0.3 }} first in
 * an {@code any} beside its criteria and a trained artifact attached ({@code on}: the worst case,
 * every record of an identified lead not yet an MQL computes its probability); and with the
 * probability as a last gate after the fit and engagement thresholds ({@code gated}: computed only
 * for leads that pass them). The artifact's encoder is fitted to
 * the features of this history's own MQLs (its columns are what training here would keep); its
 * weights are random, as the cost does not depend on them.
 *
 * <pre>
 * $JDK21_OR_LATER/bin/java -cp "leadflow-bench/target/leadflow-bench-0.1.0-SNAPSHOT.jar:leadflow-bench/target/lib/*" \
 *     org.openjdk.jmh.Main ProbabilityBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 7)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms12g", "-Xmx12g", "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages"})
public class ProbabilityBenchmark {

    @Param({"off", "on", "gated"})
    public String probability;

    private Model model;
    private List<Input> events;

    @Setup(Level.Trial)
    public void setUp() {
        events = SyntheticLoad.generate("sessions", EngineBenchmark.LEADS, EngineBenchmark.EVENTS, 42);
        Model plain = SyntheticLoad.exampleModel();
        model = switch (probability) {
            case "on" -> withProbability(plain, events, ON);
            case "gated" -> withProbability(plain, events, GATED);
            default -> plain;
        };
    }

    static final String CRITERIA = "    all: [ { score: fit, gte: 30 }, { score: engagement, gte: 40 } ]";
    static final String ON = "    any:\n      - { score: probability, gte: 0.3 }\n"
            + "      - all: [ { score: fit, gte: 30 }, { score: engagement, gte: 40 } ]";
    static final String GATED =
            "    all: [ { score: fit, gte: 30 }, { score: engagement, gte: 40 }, { score: probability, gte: 0.3 } ]";

    /** The example model with {@code criteria} for its MQL criteria, and an artifact fitted to {@code events}' MQLs. */
    static Model withProbability(Model plain, List<Input> events, String criteria) {
        String text = SyntheticLoad.exampleText().replace(CRITERIA, criteria);
        Model model = SyntheticLoad.parse(text);
        Predictive spec = model.predictive().orElseThrow();
        Features.Examples examples = PredictiveExamples.of(plain, spec, events.subList(0, events.size() / 5));
        List<java.util.SortedMap<String, Object>> rows = new ArrayList<>();
        examples.closed().forEach(e -> rows.add(e.features()));
        examples.open().forEach(e -> rows.add(e.features()));
        Encoder encoder = Encoder.fit(rows, spec, 5);
        Random random = new Random(7);
        double[] weights = new double[encoder.width()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextGaussian() * 0.3;
        }
        return model.withPredictor(Optional.of(new Predictor(
                encoder, weights, -1.5, 1, 0, new Predictor.Trained(spec.target(), rows.size(), 0, model.id(), 0))));
    }

    @Setup(Level.Iteration)
    public void collectPreviousEngine() {
        System.gc();
    }

    @Benchmark
    @OperationsPerInvocation(EngineBenchmark.EVENTS)
    public Engine applyAllEvents() {
        Engine engine = new Engine(model);
        for (Input e : events) {
            engine.apply(e);
        }
        engine.advanceTo(events.get(events.size() - 1).epochMillis());
        return engine;
    }
}
