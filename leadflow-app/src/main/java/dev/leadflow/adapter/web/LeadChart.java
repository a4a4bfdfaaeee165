package dev.leadflow.adapter.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.lab.ScoreHistory;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The lead page's chart (docs/PREDICTIVE.md, "The lead page"): fit and engagement over time on the
 * left axis, the probability in % on the right, the MQL criteria's thresholds as dashed lines and
 * each stage change as a marked point named in its time's label. Drawn by dashboard.js (Chart.js).
 */
final class LeadChart {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIT = "#2f5bea";
    private static final String ENGAGEMENT = "#b54708";
    private static final String PROBABILITY = "#12805c";
    private static final String STAGE = "#667085";

    /** Chart.js's shape as dashboard.js reads it. */
    record Spec(
            String type,
            List<String> labels,
            List<Set> datasets,
            boolean legend,
            @Nullable String y2) {}

    /** A data set, with Chart.js's own keys for dashed and point-only lines. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Set(
            String label,
            List<@Nullable Double> data,
            String color,
            @Nullable String yAxisID,
            @Nullable List<Integer> borderDash,
            @Nullable Integer pointRadius,
            @Nullable Boolean showLine) {}

    private LeadChart() {}

    /** The chart's JSON for a canvas's {@code data-chart}; empty text when there is nothing to draw. */
    static String of(ScoreHistory.Chart chart, List<Transition> transitions) {
        List<ScoreHistory.Point> points = chart.points();
        if (points.isEmpty()) {
            return "";
        }
        List<String> labels = new ArrayList<>(points.size());
        List<@Nullable Double> stages = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            stages.add(null);
        }
        for (int i = 0; i < points.size(); i++) {
            long at = points.get(i).at();
            StringBuilder label = new StringBuilder(Times.format(at));
            for (Transition t : transitions) {
                if (t.at() == at) {
                    label.append(" · ")
                            .append(t.from().wireName())
                            .append(" → ")
                            .append(t.to().wireName());
                    stages.set(i, 0.0);
                }
            }
            labels.add(label.toString());
        }
        List<Set> sets = new ArrayList<>();
        sets.add(line("fit", series(points, ScoreHistory.Point::fit), FIT, null));
        sets.add(line("engagement", series(points, ScoreHistory.Point::engagement), ENGAGEMENT, null));
        boolean probability = points.stream().anyMatch(p -> !Double.isNaN(p.probability()));
        if (probability) {
            sets.add(line("probability %", series(points, p -> 100 * p.probability()), PROBABILITY, "y2"));
        }
        chart.thresholds().forEach((score, values) -> {
            for (double v : values) {
                boolean right = score == Score.PROBABILITY;
                if (right && !probability) {
                    continue;
                }
                String name = "MQL " + score.wireName() + " ≥ " + (right ? Math.round(100 * v) + "%" : trim(v));
                List<@Nullable Double> flat = new ArrayList<>(points.size());
                for (int i = 0; i < points.size(); i++) {
                    flat.add(right ? 100 * v : v);
                }
                sets.add(new Set(name, flat, color(score), right ? "y2" : null, List.of(6, 4), 0, null));
            }
        });
        sets.add(new Set("stage change", stages, STAGE, null, null, 6, false));
        try {
            return JSON.writeValueAsString(new Spec("line", labels, sets, true, probability ? "probability %" : null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chart of records always writes", e);
        }
    }

    private static Set line(String label, List<@Nullable Double> data, String color, @Nullable String axis) {
        return new Set(label, data, color, axis, null, 0, null);
    }

    private static List<@Nullable Double> series(
            List<ScoreHistory.Point> points, ToDoubleFunction<ScoreHistory.Point> f) {
        List<@Nullable Double> out = new ArrayList<>(points.size());
        for (ScoreHistory.Point p : points) {
            double v = f.applyAsDouble(p);
            out.add(Double.isNaN(v) ? null : Math.round(v * 10) / 10.0);
        }
        return out;
    }

    private static String color(Score score) {
        return switch (score) {
            case FIT -> FIT;
            case ENGAGEMENT -> ENGAGEMENT;
            case PROBABILITY -> PROBABILITY;
        };
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
