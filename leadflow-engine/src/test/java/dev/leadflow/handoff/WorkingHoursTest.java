package dev.leadflow.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadflow.handoff.WorkingHours.Window;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WorkingHours: SLA arithmetic in working time, across weekends, holidays and DST")
class WorkingHoursTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static WorkingHours weekdays(ZoneId zone, Set<LocalDate> holidays, Window... windows) {
        Map<DayOfWeek, List<Window>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            week.put(d, List.of(windows));
        }
        return WorkingHours.of(zone, week, holidays);
    }

    private static WorkingHours everyDay(ZoneId zone, Window... windows) {
        Map<DayOfWeek, List<Window>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            week.put(d, List.of(windows));
        }
        return WorkingHours.of(zone, week, Set.of());
    }

    private static Window window(String from, String to) {
        return Window.of(LocalTime.parse(from), LocalTime.parse(to));
    }

    private static Instant at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    private static final WorkingHours NINE_TO_FIVE = weekdays(BERLIN, Set.of(), window("09:00", "17:00"));

    @Test
    @DisplayName("time left on Friday carries over the weekend to Monday morning")
    void overTheWeekend() {
        // 2026-11-27 is a Friday
        assertThat(NINE_TO_FIVE.plus(at("2026-11-27T16:00", BERLIN), Duration.ofHours(2)))
                .isEqualTo(at("2026-11-30T10:00", BERLIN));
        assertThat(NINE_TO_FIVE.plus(at("2026-11-28T12:00", BERLIN), Duration.ofHours(1)))
                .as("a clock started on Saturday runs from Monday's opening")
                .isEqualTo(at("2026-11-30T10:00", BERLIN));
        assertThat(NINE_TO_FIVE.between(at("2026-11-27T16:00", BERLIN), at("2026-11-30T10:00", BERLIN)))
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    @DisplayName("time running out exactly at closing is due at closing, not at the next opening")
    void dueAtClosing() {
        assertThat(NINE_TO_FIVE.plus(at("2026-11-23T09:00", BERLIN), Duration.ofHours(8)))
                .isEqualTo(at("2026-11-23T17:00", BERLIN));
        assertThat(NINE_TO_FIVE.plus(at("2026-11-23T07:30", BERLIN), Duration.ofMinutes(30)))
                .as("a clock started before opening runs from the opening")
                .isEqualTo(at("2026-11-23T09:30", BERLIN));
        assertThat(NINE_TO_FIVE.plus(at("2026-11-23T18:00", BERLIN), Duration.ZERO))
                .isEqualTo(at("2026-11-23T18:00", BERLIN));
        assertThat(NINE_TO_FIVE.plus(at("2026-11-23T09:00", BERLIN), Duration.ofHours(24)))
                .as("three working days")
                .isEqualTo(at("2026-11-25T17:00", BERLIN));
    }

    @Test
    @DisplayName("a holiday is a day off; split windows leave the lunch break out")
    void holidaysAndBreaks() {
        WorkingHours hours = weekdays(
                BERLIN,
                Set.of(LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-28")),
                window("13:00", "17:00"),
                window("09:00", "12:00"));
        // Thursday 2026-12-24 16:00, one hour left that day; Friday 25th and Monday 28th are holidays
        assertThat(hours.plus(at("2026-12-24T16:00", BERLIN), Duration.ofHours(3)))
                .isEqualTo(at("2026-12-29T11:00", BERLIN));
        assertThat(hours.plus(at("2026-12-29T11:00", BERLIN), Duration.ofHours(2)))
                .isEqualTo(at("2026-12-29T14:00", BERLIN));
        assertThat(hours.isWorking(at("2026-12-29T12:30", BERLIN))).isFalse();
        assertThat(hours.isWorking(at("2026-12-29T13:00", BERLIN))).isTrue();
        assertThat(hours.isWorking(at("2026-12-25T10:00", BERLIN))).isFalse();
        assertThat(hours.between(at("2026-12-24T00:00", BERLIN), at("2027-01-01T00:00", BERLIN)))
                .as("the 24th, 29th, 30th and 31st, 7 hours each")
                .isEqualTo(Duration.ofHours(28));
    }

    @Test
    @DisplayName("DST: the night clocks go forward has an hour less, the night they go back an hour more")
    void dstNights() {
        WorkingHours night = everyDay(BERLIN, window("01:00", "04:00"));
        // Berlin: 2026-03-29 02:00 -> 03:00; 2026-10-25 03:00 -> 02:00
        assertThat(night.between(at("2026-03-29T00:00", BERLIN), at("2026-03-29T12:00", BERLIN)))
                .isEqualTo(Duration.ofHours(2));
        assertThat(night.between(at("2026-10-25T00:00", BERLIN), at("2026-10-25T12:00", BERLIN)))
                .isEqualTo(Duration.ofHours(4));
        assertThat(night.between(at("2026-10-24T00:00", BERLIN), at("2026-10-24T12:00", BERLIN)))
                .isEqualTo(Duration.ofHours(3));
        assertThat(night.plus(at("2026-10-25T01:00", BERLIN), Duration.ofHours(4)))
                .as("the last hour of the long night ends at 04:00 winter time")
                .isEqualTo(ZonedDateTime.of(LocalDateTime.parse("2026-10-25T04:00"), BERLIN)
                        .toInstant());

        WorkingHours always = everyDay(NEW_YORK, window("00:00", "00:00"));
        // New York: 2026-03-08 02:00 -> 03:00
        assertThat(always.between(at("2026-03-07T12:00", NEW_YORK), at("2026-03-08T12:00", NEW_YORK)))
                .isEqualTo(Duration.ofHours(23));
        assertThat(always.plus(at("2026-03-07T12:00", NEW_YORK), Duration.ofHours(24)))
                .isEqualTo(at("2026-03-08T13:00", NEW_YORK));
    }

    @Test
    @DisplayName(
            "two time zones whose DST changes fall on different weekends: each due time is its own team's local hours")
    void twoZonesAcrossDst() {
        WorkingHours berlin = weekdays(BERLIN, Set.of(), window("09:00", "17:00"));
        WorkingHours newYork = weekdays(NEW_YORK, Set.of(), window("09:00", "17:00"));
        // Friday 2026-03-06, 15:00 UTC = 16:00 in Berlin (CET) = 10:00 in New York (EST)
        Instant friday = Instant.parse("2026-03-06T15:00:00Z");
        assertThat(berlin.plus(friday, Duration.ofHours(2))).isEqualTo(Instant.parse("2026-03-09T09:00:00Z"));
        assertThat(newYork.plus(friday, Duration.ofHours(8)))
                .as("New York changed to EDT on Sunday: Monday 10:00 EDT is 14:00 UTC, not 15:00")
                .isEqualTo(Instant.parse("2026-03-09T14:00:00Z"));
        // Friday 2026-03-27, 15:00 UTC: New York already on EDT (11:00), Berlin changes on Sunday the 29th
        Instant later = Instant.parse("2026-03-27T15:00:00Z");
        assertThat(berlin.plus(later, Duration.ofHours(2)))
                .as("Monday 10:00 CEST")
                .isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
        assertThat(newYork.plus(later, Duration.ofHours(8)))
                .as("Monday 11:00 EDT")
                .isEqualTo(Instant.parse("2026-03-30T15:00:00Z"));
        // the autumn changes: Berlin 2026-10-25, New York 2026-11-01
        Instant autumn = Instant.parse("2026-10-30T15:00:00Z"); // Friday: 16:00 CET, 11:00 EDT
        assertThat(berlin.plus(autumn, Duration.ofHours(2))).isEqualTo(Instant.parse("2026-11-02T09:00:00Z"));
        assertThat(newYork.plus(autumn, Duration.ofHours(8)))
                .as("Monday 11:00 EST")
                .isEqualTo(Instant.parse("2026-11-02T16:00:00Z"));
    }

    @Test
    @DisplayName(
            "2,000 random schedules, starts and amounts around DST changes agree with a minute-by-minute count in local time")
    void agreesWithMinuteByMinuteCount() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            ZoneId zone = random.nextBoolean() ? BERLIN : NEW_YORK;
            Set<LocalDate> holidays = new HashSet<>();
            LocalDate base =
                    LocalDate.of(2026, random.nextBoolean() ? 3 : 10, 1).plusDays(random.nextInt(35));
            for (int h = random.nextInt(3); h > 0; h--) {
                holidays.add(base.plusDays(random.nextInt(10)));
            }
            Map<DayOfWeek, List<Window>> week = randomWeek(random);
            WorkingHours hours = WorkingHours.of(zone, week, holidays);
            Instant from = base.atStartOfDay(zone).toInstant().plusSeconds(60L * random.nextInt(3 * 24 * 60));
            int weekly = week.values().stream()
                    .flatMap(List::stream)
                    .mapToInt(w -> w.toMinute() - w.fromMinute())
                    .sum();
            Duration amount = Duration.ofMinutes(random.nextInt(Math.min(16 * 60, 2 * weekly) + 1));
            Instant due = hours.plus(from, amount);

            assertThat(hours.between(from, due)).as("%s from %s", hours, from).isEqualTo(amount);
            assertThat(countMinutes(zone, week, holidays, from, due))
                    .as("%s from %s", hours, from)
                    .isEqualTo(amount.toMinutes());
            if (amount.isPositive()) {
                assertThat(isWorkingLocally(zone, week, holidays, due.minusSeconds(60)))
                        .as("the last minute before the due time is working time (%s from %s)", hours, from)
                        .isTrue();
            }
        }
    }

    /** A week of random windows on quarter hours, none with an end strictly inside 01:00–03:00 (where New York's and Berlin's local times are ambiguous or missing). */
    private static Map<DayOfWeek, List<Window>> randomWeek(SplittableRandom random) {
        Map<DayOfWeek, List<Window>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            List<Window> windows = new ArrayList<>();
            int minute = 0;
            for (int w = random.nextInt(3); w > 0 && minute < 24 * 60 - 15; w--) {
                int from = quarter(minute + random.nextInt(24 * 60 - minute));
                int to = quarter(from + 15 + random.nextInt(24 * 60 - from));
                if (from >= 24 * 60 || to > 24 * 60 || from >= to) {
                    break;
                }
                windows.add(new Window(from, to));
                minute = to;
            }
            week.put(day, windows);
        }
        if (week.values().stream().allMatch(List::isEmpty)) {
            week.put(DayOfWeek.MONDAY, List.of(new Window(9 * 60, 17 * 60)));
        }
        return week;
    }

    private static int quarter(int minute) {
        int q = minute / 15 * 15;
        return q > 60 && q < 180 ? 180 : q;
    }

    private static long countMinutes(
            ZoneId zone, Map<DayOfWeek, List<Window>> week, Set<LocalDate> holidays, Instant from, Instant to) {
        long count = 0;
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
            count += isWorkingLocally(zone, week, holidays, t) ? 1 : 0;
        }
        return count;
    }

    /** The oracle: the local date and time of an instant, looked up in the schedule as a person reads it. */
    private static boolean isWorkingLocally(
            ZoneId zone, Map<DayOfWeek, List<Window>> week, Set<LocalDate> holidays, Instant t) {
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        if (holidays.contains(local.toLocalDate())) {
            return false;
        }
        int minute = local.getHour() * 60 + local.getMinute();
        return week.getOrDefault(local.getDayOfWeek(), List.of()).stream()
                .anyMatch(w -> minute >= w.fromMinute() && minute < w.toMinute());
    }

    @Test
    @DisplayName("bad schedules are refused with what is wrong; an always-on schedule counts plain time")
    void refusals() {
        assertThatThrownBy(() -> new Window(600, 540)).hasMessageContaining("forward within one day");
        assertThatThrownBy(() -> WorkingHours.of(
                        BERLIN,
                        Map.of(DayOfWeek.MONDAY, List.of(window("09:00", "12:00"), window("11:00", "13:00"))),
                        Set.of()))
                .hasMessageContaining("09:00-12:00 and 11:00-13:00 on MONDAY overlap");
        assertThatThrownBy(() -> WorkingHours.of(BERLIN, Map.of(), Set.of()))
                .hasMessageContaining("at least one working window");
        assertThatThrownBy(() -> NINE_TO_FIVE.plus(Instant.EPOCH, Duration.ofHours(-1)))
                .hasMessageContaining("must not be negative");
        WorkingHours always = WorkingHours.always(BERLIN);
        assertThat(always.plus(at("2026-03-28T12:00", BERLIN), Duration.ofHours(24)))
                .isEqualTo(at("2026-03-29T13:00", BERLIN));
        assertThat(always.between(Instant.EPOCH, Instant.EPOCH.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
        assertThat(always.isWorking(Instant.EPOCH)).isTrue();
    }
}
