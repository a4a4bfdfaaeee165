package dev.leadflow.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.handoff.HandoffConfig.Escalation;
import dev.leadflow.handoff.HandoffConfig.EscalationAction;
import dev.leadflow.handoff.HandoffConfig.Sla;
import dev.leadflow.handoff.SlaClock.Kind;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SlaClock: warning, breach and escalation instants in the owner's working time")
class SlaClockTest {

    private static final WorkingHours NEW_YORK_NINE_TO_FIVE = nineToFive(ZoneId.of("America/New_York"));
    private static final Sla SLA = new Sla(
            Duration.ofHours(4).toMillis(),
            Duration.ofHours(24).toMillis(),
            0.75,
            List.of(
                    new Escalation(EscalationAction.NOTIFY, 0),
                    new Escalation(
                            EscalationAction.REASSIGN, Duration.ofHours(2).toMillis()),
                    new Escalation(EscalationAction.RECYCLE, Duration.ofHours(8).toMillis())));

    private static WorkingHours nineToFive(ZoneId zone) {
        Map<DayOfWeek, List<WorkingHours.Window>> week = new EnumMap<>(DayOfWeek.class);
        for (int d = 1; d <= 5; d++) {
            week.put(DayOfWeek.of(d), List.of(new WorkingHours.Window(9 * 60, 17 * 60)));
        }
        return WorkingHours.of(zone, week, Set.of());
    }

    @Test
    @DisplayName(
            "an MQL at Friday 15:00 in New York: warning Monday 10:00, breach Monday 11:00, escalations at 11:00, 13:00 and Tuesday 11:00")
    void overTheWeekend() {
        Instant mql = Instant.parse("2026-11-20T20:00:00Z"); // Friday 15:00 EST
        SlaClock accept = SlaClock.start(Kind.ACCEPT, mql, SLA, NEW_YORK_NINE_TO_FIVE);
        assertThat(accept.warning())
                .as("3 h of 4: 2 h on Friday, 1 h on Monday")
                .isEqualTo(Instant.parse("2026-11-23T15:00:00Z"));
        assertThat(accept.due()).isEqualTo(Instant.parse("2026-11-23T16:00:00Z"));
        assertThat(accept.escalations(SLA.escalation(), NEW_YORK_NINE_TO_FIVE))
                .containsExactly(
                        Instant.parse("2026-11-23T16:00:00Z"),
                        Instant.parse("2026-11-23T18:00:00Z"),
                        Instant.parse("2026-11-24T16:00:00Z"));
        assertThat(accept.left(Instant.parse("2026-11-21T12:00:00Z"), NEW_YORK_NINE_TO_FIVE))
                .as("nothing counts over the weekend")
                .isEqualTo(Duration.ofHours(2));
        assertThat(accept.left(Instant.parse("2026-11-23T17:30:00Z"), NEW_YORK_NINE_TO_FIVE))
                .as("an hour and a half late")
                .isEqualTo(Duration.ofMinutes(-90));
    }

    @Test
    @DisplayName("the first-touch clock runs 24 working hours: three working days, across the weekend")
    void firstTouch() {
        Instant converted = Instant.parse("2026-11-20T20:00:00Z"); // Friday 15:00 EST
        SlaClock touch = SlaClock.start(Kind.FIRST_TOUCH, converted, SLA, NEW_YORK_NINE_TO_FIVE);
        assertThat(touch.due())
                .as("2 h Friday, 8 h each Monday and Tuesday, 6 h Wednesday")
                .isEqualTo(Instant.parse("2026-11-25T20:00:00Z"));
        assertThat(touch.warning())
                .as("18 h: 2 h Friday, 8 h Monday, 8 h Tuesday")
                .isEqualTo(Instant.parse("2026-11-24T22:00:00Z"));
    }

    @Test
    @DisplayName("an always-on team counts plain time")
    void always() {
        Instant mql = Instant.parse("2026-11-21T10:00:00Z");
        SlaClock accept = SlaClock.start(Kind.ACCEPT, mql, SLA, WorkingHours.always(ZoneId.of("UTC")));
        assertThat(accept.warning()).isEqualTo(Instant.parse("2026-11-21T13:00:00Z"));
        assertThat(accept.due()).isEqualTo(Instant.parse("2026-11-21T14:00:00Z"));
    }
}
