package dev.leadflow.app;

import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.handoff.HandoffConfig;
import java.util.List;
import java.util.Optional;

/** Revenue operations puts a hand-off configuration (teams, routing, SLAs, nurture, webhooks) in force. */
public final class ConfigureHandoff {

    /** The hand-off configuration in force and its stored version (empty before the first). */
    public record State(HandoffConfig config, Optional<HandoffJournal.Version> version) {}

    private final Leads leads;
    private final AuditLog audit;

    ConfigureHandoff(Leads leads, AuditLog audit) {
        this.leads = leads;
        this.audit = audit;
    }

    public State current() {
        return leads.inspect(
                s -> new State(s.handoff().reads().config(), s.handoff().reads().version()));
    }

    /**
     * Puts a validated hand-off configuration in force from {@code nowMillis}, stored as its next
     * version; waiting leads go to members now able to take them. A server without a hand-off
     * refuses ({@link IllegalStateException}). Written to the audit log as {@code handoff.changed}
     * by {@code actor}.
     */
    public void configure(String yaml, HandoffConfig config, long nowMillis, AuditLog.Actor actor) {
        leads.serially(() -> {
            leads.write(
                    List.of(),
                    nowMillis,
                    new java.util.ArrayList<>(),
                    (s, batch) -> s.handoff().configure(s.engine(), yaml, config, nowMillis, actor.who(), batch));
            return null;
        });
        String version =
                current().version().map(v -> Long.toString(v.version())).orElse("");
        audit.append(
                nowMillis, actor, AuditLog.Action.HANDOFF_CHANGED, "handoff", java.util.Map.of("version", version));
    }

    /** {@link #configure(String, HandoffConfig, long, AuditLog.Actor)} by {@code by} on this machine (tools and tests). */
    public void configure(String yaml, HandoffConfig config, long nowMillis, String by) {
        configure(yaml, config, nowMillis, new AuditLog.Actor(by, "local"));
    }
}
