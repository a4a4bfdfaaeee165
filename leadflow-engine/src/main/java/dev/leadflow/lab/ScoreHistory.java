package dev.leadflow.lab;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.input.Input;
import dev.leadflow.model.Condition;
import dev.leadflow.model.Model;
import dev.leadflow.model.Score;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A lead's scores over time, for its chart (docs/PREDICTIVE.md, "The lead page"): its own history
 * replayed under the model in an engine of its own (a lead's records never interact with other
 * leads', so this is the lead as the server holds it), sampled at every record and on an even grid
 * up to {@code until}, so that decay between records shows.
 */
public final class ScoreHistory {

    /** The grid's number of steps between the first record and {@code until}. */
    static final int GRID = 120;

    /** The scores at one instant; {@code probability} NaN when there is none. */
    public record Point(long at, double fit, double engagement, double probability) {}

    /** The samples, oldest first, and the MQL criteria's thresholds by score. */
    public record Chart(List<Point> points, Map<Score, List<Double>> thresholds) {
        public Chart {
            points = List.copyOf(points);
            thresholds = Map.copyOf(thresholds);
        }
    }

    private ScoreHistory() {}

    /**
     * {@code leadId}'s chart from {@code history} (its records in processing order) up to
     * {@code until}, sampled also at each of {@code marks} (e.g. its stage changes).
     */
    public static Chart of(Model model, String leadId, List<Input> history, List<Long> marks, long until) {
        List<Point> points = new ArrayList<>();
        if (!history.isEmpty()) {
            long first = history.getFirst().epochMillis();
            long end = Math.max(until, history.getLast().epochMillis());
            TreeSet<Long> at = new TreeSet<>();
            history.forEach(r -> at.add(r.epochMillis()));
            marks.stream().filter(m -> m >= first && m <= end).forEach(at::add);
            for (int i = 0; i <= GRID; i++) {
                at.add(first + (end - first) * i / GRID);
            }
            Engine engine = new Engine(model);
            int next = 0;
            for (long t : at) {
                while (next < history.size() && history.get(next).epochMillis() <= t) {
                    engine.apply(history.get(next++));
                }
                engine.advanceTo(t);
                Optional<LeadSnapshot> s = engine.snapshot(engine.leadOf(leadId).orElse(leadId), t);
                s.ifPresent(l -> points.add(new Point(
                        t,
                        l.fit(),
                        l.engagement(),
                        l.probability().map(p -> p.probability()).orElse(Double.NaN))));
            }
        }
        return new Chart(points, thresholds(model));
    }

    /** The thresholds the MQL criteria compare each score with. */
    static Map<Score, List<Double>> thresholds(Model model) {
        Map<Score, List<Double>> out = new EnumMap<>(Score.class);
        model.lifecycle()
                .mql()
                .ifPresent(c -> c.forEachComparison(comparison -> {
                    if (comparison.subject() instanceof Condition.ScoreSubject s) {
                        for (double t : comparison.predicate().thresholds()) {
                            List<Double> list = out.computeIfAbsent(s.score(), k -> new ArrayList<>());
                            if (!list.contains(t)) {
                                list.add(t);
                            }
                        }
                    }
                }));
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }
}
