package dev.leadflow.app;

import dev.leadflow.app.port.EncodedRecord;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: one writer thread takes every batch waiting, stores them in one transaction (one
 * fsync for all) and applies them, then completes each submitter's future. So throughput does not
 * pay one fsync per request, while every acknowledged record is on disk. Records of one lead are
 * applied in the order they were submitted, whatever the concurrency of the submitters.
 * Thread-safe.
 */
public final class Ingestor implements AutoCloseable {

    /** Batches waiting beyond this are refused at once ({@link Overloaded}) rather than queued. */
    public static final int QUEUE_CAPACITY = 4096;

    private static final int MAX_RECORDS_PER_COMMIT = 20_000;

    /** The queue is full: the caller should answer 503 and the client retry. */
    public static final class Overloaded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Overloaded() {
            super("ingestion queue full", null, false, false);
        }
    }

    private record Pending(List<EncodedRecord> records, CompletableFuture<IngestEvents.Ingested> done) {}

    private final IngestEvents live;
    private final InstantSource clock;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicLong stored = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong duplicates = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

    public Ingestor(IngestEvents live, InstantSource clock) {
        this.live = live;
        this.clock = clock;
        this.writer = Thread.ofPlatform().name("leadflow-ingest").daemon().start(this::run);
    }

    /** Queues records; the future completes once they are durable and applied. */
    public CompletableFuture<IngestEvents.Ingested> submit(List<EncodedRecord> records) {
        CompletableFuture<IngestEvents.Ingested> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new Stopping());
        } else if (!queue.offer(new Pending(records, done))) {
            done.completeExceptionally(new Overloaded());
        }
        return done;
    }

    /** Records stored since start, for metrics. */
    public long storedTotal() {
        return stored.get();
    }

    /** Records ignored as repeated messageIds since start, for metrics. */
    public long duplicatesTotal() {
        return duplicates.get();
    }

    /** Transactions committed since start (each holds every batch that was waiting), for metrics. */
    public long commitsTotal() {
        return commits.get();
    }

    /** Batches waiting to be written, for metrics. */
    public int queueDepth() {
        return queue.size();
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int records = first.records().size();
                Pending next;
                while (records < MAX_RECORDS_PER_COMMIT && (next = queue.poll()) != null) {
                    group.add(next);
                    records += next.records().size();
                }
                commit(group, records);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Pending> group, int records) {
        List<EncodedRecord> all = new ArrayList<>(records);
        group.forEach(p -> all.addAll(p.records()));
        try {
            IngestEvents.Ingested result = live.ingestEncoded(all, clock.millis());
            stored.addAndGet(result.stored());
            duplicates.addAndGet(result.duplicates());
            commits.incrementAndGet();
            group.forEach(p -> p.done().complete(result));
        } catch (RuntimeException e) {
            group.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    /** Writes what is queued, then stops the writer; a batch that raced in after it is refused. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            p.done().completeExceptionally(new Stopping());
        }
    }

    /** The server is stopping: the caller should answer 503 and the client retry elsewhere or later. */
    public static final class Stopping extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopping() {
            super("the server is stopping", null, false, false);
        }
    }
}
