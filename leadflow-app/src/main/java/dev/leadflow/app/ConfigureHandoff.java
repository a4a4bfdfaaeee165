package dev.leadflow.app;

import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.handoff.HandoffConfig;
import java.util.List;
import java.util.Optional;

/** Revenue operations puts a hand-off configuration (teams, routing, SLAs, nurture, webhooks) in force. */
public final class ConfigureHandoff {

    /** The hand-off configuration in force and its stored version (empty before the first). */
    public record State(HandoffConfig config, Optional<HandoffJournal.Version> version) {}

    private final Leads leads;

    ConfigureHandoff(Leads leads) {
        this.leads = leads;
    }

    public State current() {
        return leads.inspect(
                s -> new State(s.handoff().reads().config(), s.handoff().reads().version()));
    }

    /**
     * Puts a validated hand-off configuration in force from {@code nowMillis}, stored as its next
     * version; waiting leads go to members now able to take them. A server without a hand-off
     * refuses ({@link IllegalStateException}).
     */
    public void configure(String yaml, HandoffConfig config, long nowMillis, String by) {
        leads.serially(() -> {
            leads.write(
                    List.of(),
                    nowMillis,
                    new java.util.ArrayList<>(),
                    (s, batch) -> s.handoff().configure(s.engine(), yaml, config, nowMillis, by, batch));
            return null;
        });
    }
}
