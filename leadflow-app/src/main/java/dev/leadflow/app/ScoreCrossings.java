package dev.leadflow.app;

import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.engine.Engine;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.HandoffConfig.Notice;
import dev.leadflow.model.Score;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The hand-off's score watch: thresholds from the configuration in force, events numbered with the desk's. */
final class ScoreCrossings implements ScoreWatch {

    private final Notices notices;
    private final Desk desk;
    private final AtomicLong nextEvent;

    ScoreCrossings(Notices notices, Desk desk, AtomicLong nextEvent) {
        this.notices = notices;
        this.desk = desk;
        this.nextEvent = nextEvent;
    }

    @Override
    public boolean watches() {
        return !desk.config().scoreThresholds().isEmpty()
                && !notices.subscribers(Notice.SCORE_CROSSED).isEmpty();
    }

    @Override
    public double[] before(Engine engine, String leadId, long at) {
        return engine.summary(leadId, at)
                .map(s -> new double[] {s.fit(), s.engagement()})
                .orElse(new double[2]);
    }

    @Override
    public void after(Engine engine, String leadId, long at, double[] before, Batch out) {
        Optional<LeadSummary> now = engine.summary(leadId, at);
        if (now.isEmpty()) {
            return;
        }
        double[] after = {now.get().fit(), now.get().engagement()};
        for (Map.Entry<String, List<Double>> e : desk.config().scoreThresholds().entrySet()) {
            int i = e.getKey().equals(Score.FIT.wireName()) ? 0 : 1;
            for (double threshold : e.getValue()) {
                if ((before[i] < threshold) != (after[i] < threshold)) {
                    HandoffJson.Cause cause = HandoffJson.scoreCrossed(
                            e.getKey(), threshold, HandoffJson.round(before[i]), HandoffJson.round(after[i]), at);
                    out.unit.event(new HandoffJournal.EventRow(
                            nextEvent.getAndIncrement(), leadId, at, "score_crossed", HandoffJson.write(cause)));
                    notices.notify(engine, leadId, Notice.SCORE_CROSSED, at, cause, out);
                }
            }
        }
    }
}
