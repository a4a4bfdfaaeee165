package dev.leadflow.bench;

import dev.leadflow.engine.Engine;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import java.util.List;
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
 * Engine throughput on one core: the 20-rule example model, 100k leads, 5.2M events, applied in
 * time order to a fresh engine per invocation (identity, sessions, limits, decay, lifecycle and
 * expiry timers included), for both shapes of {@link SyntheticLoad} traffic. One invocation is one
 * whole replay; the score is its time divided by the events, in nanoseconds per event
 * (events/s = 1e9 / score). The parallel collector is the throughput choice for batch replay;
 * transparent huge pages spare the engine's random lookups most TLB misses (docs/BENCHMARKS.md).
 *
 * <pre>
 * ./mvnw -B -q -DskipTests package -pl leadflow-bench -am
 * $JDK21_OR_LATER/bin/java -cp "leadflow-bench/target/leadflow-bench-0.1.0-SNAPSHOT.jar:leadflow-bench/target/lib/*" \
 *     org.openjdk.jmh.Main EngineBenchmark
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
public class EngineBenchmark {

    static final int LEADS = 100_000;
    static final int EVENTS = 5_200_000;

    /** {@code sessions}: visits of a few events, as websites send them; {@code uniform}: no locality at all. */
    @Param({"sessions", "uniform"})
    public String traffic;

    private Model model;
    private List<Input> events;

    @Setup(Level.Trial)
    public void setUp() {
        model = SyntheticLoad.exampleModel();
        events = SyntheticLoad.generate(traffic, LEADS, EVENTS, 42);
    }

    /**
     * Each measured replay starts from a collected heap, as a real replay does: the garbage of the
     * previous invocation's engine is not charged to the next one. The replay's own collections
     * (promoting the state it builds) are measured.
     */
    @Setup(Level.Iteration)
    public void collectPreviousEngine() {
        System.gc();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public Engine applyAllEvents() {
        Engine engine = new Engine(model);
        for (Input e : events) {
            engine.apply(e);
        }
        engine.advanceTo(events.get(events.size() - 1).epochMillis());
        return engine;
    }
}
