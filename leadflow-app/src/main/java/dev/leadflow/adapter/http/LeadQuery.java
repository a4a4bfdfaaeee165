package dev.leadflow.adapter.http;

import dev.leadflow.app.LeadFilter;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.lifecycle.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The filters and paging of {@code GET /api/leads}, read from query parameters, each checked:
 * {@code stage} (one or more, comma-separated), {@code owner} (the hand-off member who owns the
 * lead now, or {@code none} for leads nobody owns),
 * {@code grade}, {@code fit_min}, {@code fit_max},
 * {@code engagement_min}, {@code engagement_max}, {@code q} (text in email, name or company,
 * any case), {@code limit} (1–500, default 50) and {@code offset}; {@code format} (json, or csv:
 * every match unless limit is given, then up to any limit).
 */
public record LeadQuery(LeadFilter filter, int offset, int limit, boolean csv) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final Set<String> PARAMETERS = Set.of(
            "stage",
            "owner",
            "grade",
            "fit_min",
            "fit_max",
            "engagement_min",
            "engagement_max",
            "q",
            "limit",
            "offset",
            "format");

    /** The query, or the list of what is wrong with it; {@code ownerOf} gives a lead's owner now. */
    public static LeadQuery parse(
            Map<String, List<String>> params, List<String> problems, Function<String, Optional<String>> ownerOf) {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                problems.add("unknown parameter '" + name + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(PARAMETERS)) + ")");
            }
        }
        List<Predicate<LeadSummary>> filters = new ArrayList<>();
        String stages = one(params, "stage", problems);
        Set<Stage> wanted = null;
        if (stages != null) {
            wanted = EnumSet.noneOf(Stage.class);
            for (String name : stages.split(",")) {
                Arrays.stream(Stage.values())
                        .filter(s -> s.wireName().equals(name.strip().toLowerCase(Locale.ROOT)))
                        .findFirst()
                        .ifPresentOrElse(
                                wanted::add,
                                () -> problems.add("stage: unknown stage '" + name + "' (use "
                                        + Arrays.stream(Stage.values())
                                                .map(Stage::wireName)
                                                .collect(Collectors.joining(", "))
                                        + ")"));
            }
        }
        String owner = one(params, "owner", problems);
        Predicate<String> ids = null;
        if (owner != null) {
            Optional<String> held = owner.equals("none") ? Optional.empty() : Optional.of(owner);
            ids = id -> ownerOf.apply(id).equals(held);
        }
        String grade = one(params, "grade", problems);
        if (grade != null) {
            filters.add(s -> s.grade().map(g -> g.equalsIgnoreCase(grade)).orElse(false));
        }
        range(params, "fit_min", problems, filters, true, LeadSummary::fit);
        range(params, "fit_max", problems, filters, false, LeadSummary::fit);
        range(params, "engagement_min", problems, filters, true, LeadSummary::engagement);
        range(params, "engagement_max", problems, filters, false, LeadSummary::engagement);
        String q = one(params, "q", problems);
        if (q != null && !q.isBlank()) {
            String needle = q.strip().toLowerCase(Locale.ROOT);
            filters.add(s -> contains(s.email().orElse(null), needle)
                    || contains(s.name().orElse(null), needle)
                    || contains(s.company().orElse(null), needle));
        }
        String format = one(params, "format", problems);
        if (format != null && !format.equals("json") && !format.equals("csv")) {
            problems.add("format: '" + format + "' is not one of json, csv");
        }
        boolean csv = "csv".equals(format);
        int limit = integer(
                params,
                "limit",
                csv ? Integer.MAX_VALUE : DEFAULT_LIMIT,
                1,
                csv ? Integer.MAX_VALUE : MAX_LIMIT,
                problems);
        int offset = integer(params, "offset", 0, 0, Integer.MAX_VALUE, problems);
        Predicate<LeadSummary> summaries =
                filters.stream().reduce(Predicate::and).orElse(null);
        return new LeadQuery(new LeadFilter(wanted, ids, summaries), offset, limit, csv);
    }

    private static boolean contains(@Nullable String value, String needle) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
    }

    static @Nullable String one(Map<String, List<String>> params, String name, List<String> problems) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            problems.add(name + ": given " + values.size() + " times; give it once");
        }
        return values.get(0);
    }

    private static void range(
            Map<String, List<String>> params,
            String name,
            List<String> problems,
            List<Predicate<LeadSummary>> filters,
            boolean min,
            java.util.function.ToDoubleFunction<LeadSummary> score) {
        String text = one(params, name, problems);
        if (text == null) {
            return;
        }
        try {
            double bound = Double.parseDouble(text);
            if (!Double.isFinite(bound)) {
                throw new NumberFormatException();
            }
            filters.add(min ? s -> score.applyAsDouble(s) >= bound : s -> score.applyAsDouble(s) <= bound);
        } catch (NumberFormatException e) {
            problems.add(name + ": expected a number, got '" + text + "'");
        }
    }

    /** Query parameter {@code name}, {@code fallback} when absent; a problem is added unless it is a whole number from min to max. */
    static int integer(
            Map<String, List<String>> params, String name, int fallback, int min, int max, List<String> problems) {
        String text = one(params, name, problems);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                problems.add(name + ": must be between " + min + " and " + max + ", got " + value);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(name + ": expected a whole number, got '" + text + "'");
            return fallback;
        }
    }
}
