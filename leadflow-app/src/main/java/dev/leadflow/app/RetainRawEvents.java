package dev.leadflow.app;

import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.app.port.RecordLog;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.input.Event;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server keeps raw event payloads only as long as {@code retention.raw_events} says
 * (docs/PRIVACY.md, "Retention"): once a day, the events older than that are cut down as an
 * erasure cuts them — the properties the rules read become stand-ins, the attribution stays, the
 * rest (context, URLs, free properties) goes — with their ids, so every lead keeps its stages,
 * scores and reasons and the reports count as before. The scan of the log runs beside the
 * writers; the leads are then loaded again beside them too.
 */
public final class RetainRawEvents {

    /** How often the retention runs when it is configured. */
    static final long EVERY_MILLIS = 86_400_000L;

    /** What one run did: the events cut down, those older than {@code before}. */
    public record Result(int events, long before) {}

    private final Leads leads;
    private long lastRun = Long.MIN_VALUE;

    RetainRawEvents(Leads leads) {
        this.leads = leads;
    }

    /** Runs if the configuration in force keeps raw events for a while and the last run is a day old; else empty. */
    public synchronized Optional<Result> runIfDue(long nowMillis) {
        if (lastRun != Long.MIN_VALUE && nowMillis - lastRun < EVERY_MILLIS) {
            return Optional.empty();
        }
        Optional<Result> result = run(nowMillis);
        if (result.isPresent()) {
            lastRun = nowMillis;
        }
        return result;
    }

    /** Cuts down the events older than the retention now; empty when no retention is configured. */
    public synchronized Optional<Result> run(long nowMillis) {
        Model model = leads.inspect(s -> s.engine().model());
        HandoffConfig config = leads.inspect(s -> s.handoff().reads().config());
        if (config.retainRawEventsMillis().isEmpty()) {
            return Optional.empty();
        }
        long before = nowMillis - config.retainRawEventsMillis().get();
        Redaction rules = new Redaction(model, config, "retention");
        int events = leads.rewriting(() -> {
            Map<Long, EncodedRecord> cut = new LinkedHashMap<>();
            leads.log().forEachInProcessingOrder(r -> {
                Input in = r.input();
                if (in instanceof Event && in.epochMillis() < before) {
                    Input without = rules.withoutRawPayload(in);
                    if (!without.equals(in)) {
                        cut.put(r.seq(), EncodedRecord.of(without));
                    }
                }
            });
            if (!cut.isEmpty()) {
                leads.log().erase(new RecordLog.Erasure(cut, Map.of(), Map.of(), List.of()));
                leads.rewritten();
            }
            return cut.size();
        });
        if (events > 0) {
            leads.reloadBeside(model, nowMillis, live -> live.equals(model));
        }
        return Optional.of(new Result(events, before));
    }
}
