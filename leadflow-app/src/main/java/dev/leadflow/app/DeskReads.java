package dev.leadflow.app;

import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.report.Health;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the use cases read of the hand-off: the configuration in force, the queues, a lead's case
 * and track, the running clocks, and what the desk did for the reports. Without a hand-off, all of
 * it reads empty. Not thread-safe: the caller ({@link Leads}) holds its lock.
 */
final class DeskReads {

    private final Desk desk;
    private final HandoffLog log;
    private final HandoffConfigs configs;

    DeskReads(Desk desk, HandoffLog log, HandoffConfigs configs) {
        this.desk = desk;
        this.log = log;
        this.configs = configs;
    }

    /** The reads of a server without a hand-off: an empty desk that is never told anything. */
    static DeskReads none() {
        return new DeskReads(new Desk(HandoffConfig.EMPTY), new HandoffLog(), new HandoffConfigs(List.of()));
    }

    /** What the desk did, for the reports. */
    HandoffLog log() {
        return log;
    }

    /** The clocks still running at {@code nowMillis}: not stopped, not run out. */
    List<Health.Running> running(long nowMillis) {
        List<Health.Running> running = new ArrayList<>();
        desk.forEachRunningClock(
                Instant.ofEpochMilli(nowMillis),
                (owner, clock) -> running.add(new Health.Running(owner, clock.kind(), clock.due())));
        return running;
    }

    HandoffConfig config() {
        return desk.config();
    }

    /** The configuration version in force, if one was ever stored. */
    Optional<HandoffJournal.Version> version() {
        return configs.latest();
    }

    /** A lead's place in the hand-off, if it is in it. */
    Optional<Desk.CaseView> view(String leadId) {
        return desk.view(leadId);
    }

    /** The lead's nurture track, if it is in one. */
    Optional<String> track(String leadId) {
        return desk.track(leadId);
    }

    /** The open MQLs and SALs of {@code owner} or {@code team} (or all), in queue order. */
    List<Desk.CaseView> queue(Optional<String> owner, Optional<String> team) {
        return desk.queue(owner, team);
    }
}
