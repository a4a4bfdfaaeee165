package dev.leadflow.handoff;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * When someone works (weekly hours in a time zone, less whole-day holidays), and the SLA
 * arithmetic in that working time: the instant by which a number of working hours has passed, and
 * the working time between two instants. Hours are local times, so they follow the zone's DST
 * changes; what is counted is real elapsed time inside them (a window of 01:00–04:00 is two hours
 * on the night clocks go forward and four on the night they go back). A window boundary inside a
 * DST gap is the instant the gap ends; one inside an overlap, its first occurrence. Immutable.
 */
public final class WorkingHours {

    /** The longest this looks ahead for working time (no schedule of a real team runs dry for so long). */
    static final int MAX_DAYS = 3_660;

    private static final int DAY_MINUTES = 24 * 60;

    /** Working time on a day, from one minute of the day (0–1439) to a later one (1–1440, 1440 being midnight at its end). */
    public record Window(int fromMinute, int toMinute) {
        public Window {
            if (fromMinute < 0 || toMinute > DAY_MINUTES || fromMinute >= toMinute) {
                throw new IllegalArgumentException("a working window runs forward within one day, not " + fromMinute
                        + "–" + toMinute + " minutes");
            }
        }

        /** From {@code from} to {@code to} (local times; {@code to} of {@link LocalTime#MIDNIGHT} is the end of the day). */
        public static Window of(LocalTime from, LocalTime to) {
            int end = to.equals(LocalTime.MIDNIGHT) ? DAY_MINUTES : to.getHour() * 60 + to.getMinute();
            return new Window(from.getHour() * 60 + from.getMinute(), end);
        }

        @Override
        public String toString() {
            return time(fromMinute) + "-" + time(toMinute);
        }

        private static String time(int minute) {
            return String.format("%02d:%02d", minute / 60, minute % 60);
        }
    }

    private final ZoneId zone;
    private final ZoneRules rules;
    /** Sorted, non-overlapping windows for each day of the week; null for every hour of every day. */
    private final @Nullable Map<DayOfWeek, List<Window>> week;

    private final Set<LocalDate> holidays;

    private WorkingHours(ZoneId zone, @Nullable Map<DayOfWeek, List<Window>> week, Set<LocalDate> holidays) {
        this.zone = zone;
        this.rules = zone.getRules();
        this.week = week;
        this.holidays = holidays;
    }

    /** Every hour counts (no working hours configured). */
    public static WorkingHours always(ZoneId zone) {
        return new WorkingHours(Objects.requireNonNull(zone), null, Set.of());
    }

    /**
     * The given windows on each day of the week (a day absent or empty is a day off), less the
     * holidays. The windows of a day must not overlap, and some day must have one.
     */
    public static WorkingHours of(ZoneId zone, Map<DayOfWeek, List<Window>> week, Set<LocalDate> holidays) {
        Map<DayOfWeek, List<Window>> days = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            List<Window> windows = new ArrayList<>(week.getOrDefault(day, List.of()));
            windows.sort(Comparator.comparingInt(Window::fromMinute));
            for (int i = 1; i < windows.size(); i++) {
                if (windows.get(i).fromMinute() < windows.get(i - 1).toMinute()) {
                    throw new IllegalArgumentException("working windows " + windows.get(i - 1) + " and "
                            + windows.get(i) + " on " + day + " overlap");
                }
            }
            days.put(day, List.copyOf(windows));
        }
        if (days.values().stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException("working hours need at least one working window in the week");
        }
        return new WorkingHours(Objects.requireNonNull(zone), days, Set.copyOf(holidays));
    }

    public ZoneId zone() {
        return zone;
    }

    /** Whether every hour counts. */
    public boolean isAlways() {
        return week == null;
    }

    /**
     * The instant at which {@code working} time has passed after {@code from}, counting only
     * working hours: from the next opening when {@code from} is outside them, and exactly at a
     * closing time when the time runs out there (not at the next opening).
     */
    public Instant plus(Instant from, Duration working) {
        if (working.isNegative()) {
            throw new IllegalArgumentException("working time to add must not be negative: " + working);
        }
        if (week == null || working.isZero()) {
            return from.plus(working);
        }
        Duration left = working;
        LocalDate date = LocalDate.ofInstant(from, zone);
        for (int day = 0; day < MAX_DAYS; day++, date = date.plusDays(1)) {
            for (Window w : windows(date)) {
                Instant end = instant(date, w.toMinute());
                if (!end.isAfter(from)) {
                    continue;
                }
                Instant start = max(instant(date, w.fromMinute()), from);
                Duration available = Duration.between(start, end);
                if (left.compareTo(available) <= 0) {
                    return start.plus(left);
                }
                left = left.minus(available);
            }
        }
        throw new IllegalStateException("no working time within " + MAX_DAYS + " days after " + from);
    }

    /** The working time between two instants (zero when {@code to} is not after {@code from}). */
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (week == null) {
            return Duration.between(from, to);
        }
        Duration total = Duration.ZERO;
        LocalDate last = LocalDate.ofInstant(to, zone);
        for (LocalDate date = LocalDate.ofInstant(from, zone); !date.isAfter(last); date = date.plusDays(1)) {
            for (Window w : windows(date)) {
                Instant start = max(instant(date, w.fromMinute()), from);
                Instant end = min(instant(date, w.toMinute()), to);
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    /** Whether {@code at} falls in working hours. */
    public boolean isWorking(Instant at) {
        if (week == null) {
            return true;
        }
        LocalDate date = LocalDate.ofInstant(at, zone);
        for (Window w : windows(date)) {
            if (!at.isBefore(instant(date, w.fromMinute())) && at.isBefore(instant(date, w.toMinute()))) {
                return true;
            }
        }
        return false;
    }

    /** The windows of {@code date}; called only when {@link #week} is set. */
    private List<Window> windows(LocalDate date) {
        Map<DayOfWeek, List<Window>> days = Objects.requireNonNull(week);
        return holidays.contains(date) ? List.of() : days.getOrDefault(date.getDayOfWeek(), List.of());
    }

    /** The instant of a minute of a local day: in a DST gap, the gap's end; in an overlap, the first occurrence. */
    private Instant instant(LocalDate date, int minute) {
        LocalDateTime local =
                minute == DAY_MINUTES ? date.plusDays(1).atStartOfDay() : date.atTime(minute / 60, minute % 60);
        List<java.time.ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        return local.toInstant(offsets.get(0));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public String toString() {
        return week == null ? "always (" + zone + ")" : week + " in " + zone + ", " + holidays.size() + " holidays";
    }
}
