package dev.leadflow.handoff;

import dev.leadflow.handoff.HandoffConfig.Escalation;
import dev.leadflow.handoff.HandoffConfig.Sla;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One SLA clock of an owned MQL (docs/HANDOFF.md): started at an instant, it warns once {@code warnAt} of
 * its time has passed and is breached when all of it has, both counted in the owner's working
 * hours; the escalation steps fall due their own working time after the breach. Immutable.
 *
 * @param kind which promise the clock keeps
 * @param started when it started (the MQL instant, or the last conversion for a first touch)
 * @param warning when the warning is due
 * @param due when it is breached, unless stopped before
 */
public record SlaClock(Kind kind, Instant started, Instant warning, Instant due) {

    /** The two promises sales makes on an MQL. */
    public enum Kind {
        /** Accept or reject. */
        ACCEPT,
        /** Contact the lead (the {@code touch} action). */
        FIRST_TOUCH;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The clock of {@code kind} under {@code sla}, started at {@code from}, counted in {@code hours}. */
    public static SlaClock start(Kind kind, Instant from, Sla sla, WorkingHours hours) {
        long within = kind == Kind.ACCEPT ? sla.acceptWithinMillis() : sla.firstTouchWithinMillis();
        Instant warning = hours.plus(from, Duration.ofMillis(Math.round(within * sla.warnAt())));
        return new SlaClock(kind, from, warning, hours.plus(from, Duration.ofMillis(within)));
    }

    /** When each escalation step falls due: its {@code after} in working time from the breach. */
    public List<Instant> escalations(List<Escalation> steps, WorkingHours hours) {
        List<Instant> at = new ArrayList<>(steps.size());
        for (Escalation step : steps) {
            at.add(hours.plus(due, Duration.ofMillis(step.afterMillis())));
        }
        return at;
    }

    /** The working time left at {@code now}: negative (how late) once breached. */
    public Duration left(Instant now, WorkingHours hours) {
        return now.isBefore(due)
                ? hours.between(now, due)
                : hours.between(due, now).negated();
    }
}
