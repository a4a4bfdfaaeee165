package dev.leadflow.adapter.http;

import dev.leadflow.app.Ingestor;
import dev.leadflow.app.Leadflow;
import dev.leadflow.lifecycle.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;

/**
 * What {@code GET /metrics} shows, in the Prometheus text format: ingest rate (records stored,
 * duplicates, refused items), ingest latency, queue depth and leads per stage. Thread-safe.
 */
final class Metrics {

    private static final long STAGE_COUNTS_TTL_NANOS = Duration.ofSeconds(1).toNanos();

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter refused;
    private final Timer ingestLatency;
    private final Leadflow live;
    private Map<Stage, Integer> stageCounts = Map.of();
    private long stageCountsAt;

    Metrics(Leadflow live, Ingestor ingestor) {
        this.live = live;
        FunctionCounter.builder("leadflow.ingest.records", ingestor, Ingestor::storedTotal)
                .description("Records stored (new messageIds)")
                .register(registry);
        FunctionCounter.builder("leadflow.ingest.duplicates", ingestor, Ingestor::duplicatesTotal)
                .description("Records ignored as repeated messageIds")
                .register(registry);
        FunctionCounter.builder("leadflow.ingest.commits", ingestor, Ingestor::commitsTotal)
                .description("Transactions committed (group commit)")
                .register(registry);
        refused = Counter.builder("leadflow.ingest.invalid")
                .description("Items refused as invalid")
                .register(registry);
        ingestLatency = Timer.builder("leadflow.ingest.request")
                .description("Time to answer an ingestion request")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        Gauge.builder("leadflow.ingest.queue.depth", ingestor, Ingestor::queueDepth)
                .description("Batches waiting for the writer")
                .register(registry);
        for (Stage stage : Stage.values()) {
            Gauge.builder("leadflow.leads", this, m -> m.count(stage))
                    .tag("stage", stage.wireName())
                    .description("Leads per stage")
                    .register(registry);
        }
    }

    /** Stage counts, recomputed at most once a second whatever the number of scrapes and gauges. */
    private synchronized double count(Stage stage) {
        long now = System.nanoTime();
        if (stageCounts.isEmpty() || now - stageCountsAt > STAGE_COUNTS_TTL_NANOS) {
            stageCounts = live.leadQueries().stageCounts();
            stageCountsAt = now;
        }
        return stageCounts.getOrDefault(stage, 0);
    }

    void ingested(int invalidItems, long nanos) {
        refused.increment(invalidItems);
        ingestLatency.record(Duration.ofNanos(nanos));
    }

    String scrape() {
        return registry.scrape();
    }
}
