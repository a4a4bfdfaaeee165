package dev.leadflow.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadflow.handoff.WorkingHours.Window;
import dev.leadflow.model.ConfigChecks;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads working time from a hand-off file: {@code time_zone} (an IANA zone), {@code working_hours}
 * ({@code { mon-fri: "09:00-12:00, 13:00-17:00", sat: "10:00-14:00" }}, or {@code always}) and
 * {@code holidays} (ISO dates), reporting every error by path.
 */
final class HoursParser {

    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Pattern DAY_KEY = Pattern.compile("([a-z]{3})(?:-([a-z]{3}))?");
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})");
    /** The hours of a team that does not say: Monday to Friday, 09:00 to 17:00. */
    static final Map<DayOfWeek, List<Window>> DEFAULT_WEEK = defaultWeek();

    private final ConfigChecks checks;

    HoursParser(ConfigChecks checks) {
        this.checks = checks;
    }

    /** The zone at {@code path.time_zone}; {@code inherited} when absent (an error when that is null too). */
    @Nullable
    ZoneId zone(JsonNode node, String path, @Nullable ZoneId inherited) {
        String text = checks.string(node, "time_zone", path, inherited == null);
        if (text == null) {
            return inherited;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            checks.add(
                    path + ".time_zone",
                    "unknown time zone '" + text + "' (an IANA name such as Europe/Berlin or " + "America/New_York)");
            return inherited;
        }
    }

    /** The working week at {@code path.working_hours}; {@code inherited} when absent; null after an error. */
    @Nullable
    Map<DayOfWeek, List<Window>> week(JsonNode node, String path, Map<DayOfWeek, List<Window>> inherited) {
        JsonNode hours = node.get("working_hours");
        String at = path + ".working_hours";
        if (hours == null || hours.isNull()) {
            return inherited;
        }
        if (hours.isTextual() && hours.asText().equals("always")) {
            return Map.of();
        }
        if (!hours.isObject()) {
            checks.add(at, "must be 'always' or map days to hours, e.g. { mon-fri: \"09:00-17:00\" }");
            return null;
        }
        Map<DayOfWeek, List<Window>> week = new EnumMap<>(DayOfWeek.class);
        boolean ok = true;
        for (Map.Entry<String, JsonNode> field : hours.properties()) {
            String dayAt = at + "." + field.getKey();
            List<DayOfWeek> days = days(field.getKey(), dayAt);
            List<Window> windows =
                    field.getValue().isTextual() ? windows(field.getValue().asText(), dayAt) : null;
            if (!field.getValue().isTextual()) {
                checks.add(
                        dayAt,
                        "must be hours such as \"09:00-17:00\" (several: \"09:00-12:00, 13:00-17:00\"; none: \"off\")");
            }
            if (days == null || windows == null) {
                ok = false;
                continue;
            }
            for (DayOfWeek d : days) {
                if (week.put(d, windows) != null) {
                    checks.add(
                            dayAt,
                            d.name().substring(0, 3).toLowerCase(java.util.Locale.ROOT) + " is given more than once");
                    ok = false;
                }
            }
        }
        if (ok && week.values().stream().allMatch(List::isEmpty)) {
            checks.add(at, "has no working time at all (write 'always' for every hour)");
            return null;
        }
        return ok ? week : null;
    }

    /** Holidays at {@code path.holidays}, added to {@code inherited}. */
    Set<LocalDate> holidays(JsonNode node, String path, Set<LocalDate> inherited) {
        JsonNode list = node.get("holidays");
        if (list == null || list.isNull()) {
            return inherited;
        }
        if (!list.isArray()) {
            checks.add(path + ".holidays", "must be a list of dates such as [2026-12-25, 2026-12-26]");
            return inherited;
        }
        Set<LocalDate> dates = new HashSet<>(inherited);
        for (int i = 0; i < list.size(); i++) {
            try {
                dates.add(LocalDate.parse(list.get(i).asText()));
            } catch (DateTimeException e) {
                checks.add(
                        path + ".holidays[" + i + "]",
                        "not a date: '" + list.get(i).asText() + "' (YYYY-MM-DD)");
            }
        }
        return dates;
    }

    /** Working hours from their parts; {@code week} empty means every hour (of the days that are not holidays). */
    static WorkingHours hours(ZoneId zone, Map<DayOfWeek, List<Window>> week, Set<LocalDate> holidays) {
        if (!week.isEmpty()) {
            return WorkingHours.of(zone, week, holidays);
        }
        if (holidays.isEmpty()) {
            return WorkingHours.always(zone);
        }
        Map<DayOfWeek, List<Window>> allDay = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            allDay.put(d, List.of(new Window(0, 24 * 60)));
        }
        return WorkingHours.of(zone, allDay, holidays);
    }

    private @Nullable List<DayOfWeek> days(String key, String at) {
        Matcher m = DAY_KEY.matcher(key);
        int from = m.matches() ? DAYS.indexOf(m.group(1)) : -1;
        int to = m.matches() ? (m.group(2) == null ? from : DAYS.indexOf(m.group(2))) : -1;
        if (from < 0 || to < 0 || to < from) {
            checks.add(at, "not a day or range of days: write mon, tue, … sun, or a range such as mon-fri");
            return null;
        }
        List<DayOfWeek> days = new ArrayList<>();
        for (int d = from; d <= to; d++) {
            days.add(DayOfWeek.of(d + 1));
        }
        return days;
    }

    private @Nullable List<Window> windows(String text, String at) {
        if (text.isBlank() || text.strip().equals("off")) {
            return List.of();
        }
        List<Window> windows = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher m = WINDOW.matcher(part.strip());
            int from = m.matches() ? minute(m.group(1), m.group(2)) : -1;
            int to = m.matches() ? minute(m.group(3), m.group(4)) : -1;
            if (from < 0 || to < 0 || from >= to || to > 24 * 60) {
                checks.add(
                        at,
                        "'" + part.strip() + "' is not a window such as 09:00-17:00 (from before to, "
                                + "within one day; 24:00 ends the day)");
                return null;
            }
            windows.add(new Window(from, to));
        }
        windows.sort(java.util.Comparator.comparingInt(Window::fromMinute));
        for (int i = 1; i < windows.size(); i++) {
            if (windows.get(i).fromMinute() < windows.get(i - 1).toMinute()) {
                checks.add(at, "windows " + windows.get(i - 1) + " and " + windows.get(i) + " overlap");
                return null;
            }
        }
        return windows;
    }

    private static int minute(String hours, String minutes) {
        int h = Integer.parseInt(hours);
        int m = Integer.parseInt(minutes);
        return h > 24 || m > 59 || (h == 24 && m > 0) ? -1 : h * 60 + m;
    }

    private static Map<DayOfWeek, List<Window>> defaultWeek() {
        Map<DayOfWeek, List<Window>> week = new EnumMap<>(DayOfWeek.class);
        for (int d = 1; d <= 5; d++) {
            week.put(DayOfWeek.of(d), List.of(new Window(9 * 60, 17 * 60)));
        }
        return Map.copyOf(week);
    }
}
