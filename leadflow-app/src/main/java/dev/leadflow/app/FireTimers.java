package dev.leadflow.app;

import java.util.ArrayList;
import java.util.List;

/**
 * The clock moves on: MQLs expire, SLA clocks run out and escalate, and the report index catches
 * up. The server's timer thread calls this every second.
 */
public final class FireTimers {

    private final Leads leads;

    FireTimers(Leads leads) {
        this.leads = leads;
    }

    /**
     * Fires the timers due up to {@code nowMillis}; first loads the engine again if a failed commit
     * left it out of step with the log. When the desk heard something or its timers are due, it is
     * told in a unit of work of its own.
     */
    public void fireDue(long nowMillis) {
        leads.serially(() -> {
            if (leads.read(nowMillis, s -> s.handoff().due(nowMillis))) {
                leads.write(List.of(), nowMillis, new ArrayList<>(), null);
            }
            return null;
        });
    }

    /**
     * Brings at most {@code max} of the leads changed since the last report up to date in the report
     * index (see {@link ReportIndex#tidy}); returns how many changed leads remain. The lock is held
     * for one call: the caller calls again until none remain.
     */
    public int tidyReports(long nowMillis, int max) {
        return leads.inspect(
                s -> s.reports().tidy(s.engine(), s.handoff().reads().log(), nowMillis, max));
    }
}
