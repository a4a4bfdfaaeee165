package dev.leadflow.bench;

import dev.leadflow.engine.Engine;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;

/**
 * Heap per lead: the retained size of an engine after the synthetic load, measured as used heap
 * after full GCs, with and without the input records it keeps for identity merges; with {@code on},
 * under {@link ProbabilityBenchmark}'s model with a trained artifact, so that every lead keeps its
 * predictive signals.
 *
 * <pre>
 * java -Xmx12g -cp "leadflow-bench/target/leadflow-bench-0.1.0-SNAPSHOT.jar:leadflow-bench/target/lib/*" \
 *     dev.leadflow.bench.EngineFootprint [leads] [events] [off|on]
 * </pre>
 */
public final class EngineFootprint {

    private EngineFootprint() {}

    public static void main(String[] args) {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : EngineBenchmark.LEADS;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : EngineBenchmark.EVENTS;
        long baseline = usedAfterGc();
        List<Input> inputs = SyntheticLoad.generate("sessions", leads, events, 42);
        long withInputs = usedAfterGc();
        Model model = args.length > 2 && args[2].equals("on")
                ? ProbabilityBenchmark.withProbability(SyntheticLoad.exampleModel(), inputs, ProbabilityBenchmark.ON)
                : SyntheticLoad.exampleModel();
        withInputs = usedAfterGc(); // the artifact, fitted above, is kept for as long as the engine
        Engine engine = new Engine(model);
        for (Input e : inputs) {
            engine.apply(e);
        }
        long withEngine = usedAfterGc();
        long engineOnly = withEngine - withInputs;
        inputs = null;
        long engineAndRecords = usedAfterGc() - baseline;
        System.out.printf(
                "leads=%d events=%d probability=%s%n",
                engine.leadCount(), events, model.predictor().isPresent() ? "on" : "off");
        System.out.printf(
                "engine state, records shared with the caller: %,d bytes/lead%n", engineOnly / engine.leadCount());
        System.out.printf(
                "engine state including the records it retains: %,d bytes/lead%n",
                engineAndRecords / engine.leadCount());
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
