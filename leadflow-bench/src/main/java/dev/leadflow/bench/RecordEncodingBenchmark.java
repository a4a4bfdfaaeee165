package dev.leadflow.bench;

import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.input.Input;
import dev.leadflow.input.InputCodec;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The stored form of a record, written two ways: straight to a generator ({@code EncodedRecord.of},
 * the hand-written {@code RecordWriter} the server uses on its request threads) and through the
 * codec's Jackson tree ({@code InputCodec.write}, the library way). The two give the same bytes
 * (RecordWriterTest); this says whether the hand-written one is worth keeping. Nanoseconds per
 * record, 10,000 records of synthetic web traffic per invocation.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests package -pl leadflow-bench -am
 * $JDK21_OR_LATER/bin/java -cp "leadflow-bench/target/leadflow-bench-0.1.0-SNAPSHOT.jar:leadflow-bench/target/lib/*" \
 *     org.openjdk.jmh.Main RecordEncodingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xmx2g"})
public class RecordEncodingBenchmark {

    static final int RECORDS = 10_000;

    private List<Input> records;
    private final InputCodec codec = new InputCodec();

    @Setup(Level.Trial)
    public void setUp() {
        records = SyntheticLoad.generate("sessions", 2_000, RECORDS, 42);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void streamed(Blackhole out) {
        for (Input r : records) {
            out.consume(EncodedRecord.of(r).body());
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void tree(Blackhole out) {
        for (Input r : records) {
            out.consume(codec.write(r));
        }
    }
}
