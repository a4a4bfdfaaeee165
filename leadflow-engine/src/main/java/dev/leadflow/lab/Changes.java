package dev.leadflow.lab;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lab.BacktestResult.Example;
import dev.leadflow.lab.BacktestResult.Line;
import dev.leadflow.model.Model;
import dev.leadflow.model.Score;
import dev.leadflow.scoring.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The people a draft makes MQL in the period and the baseline never did (new), and the reverse
 * (lost), with up to {@link #EXAMPLES} of each, earliest first: their MQL instant under the model
 * that made them MQL and both models' ledgers at that instant, line by line. Each example's
 * ledgers come from a replay of that person's own records up to the instant under each model. Pure.
 */
final class Changes {

    static final int EXAMPLES = 20;

    private Changes() {}

    static BacktestResult.Changes of(
            Outcomes draft,
            @Nullable Outcomes baseline,
            Model draftModel,
            @Nullable Model baselineModel,
            Engine history,
            Scorecard.Window w) {
        Outcomes none = Outcomes.of(Map.of());
        Outcomes base = baseline == null ? none : baseline;
        java.util.SortedMap<Long, List<String>> added = firstsOnlyIn(draft, base, w);
        java.util.SortedMap<Long, List<String>> lost = firstsOnlyIn(base, draft, w);
        return new BacktestResult.Changes(
                count(added),
                count(lost),
                new BacktestResult.Examples(
                        examples(added, draftModel, baselineModel, history),
                        examples(lost, draftModel, baselineModel, history)));
    }

    /** The people with an instant of {@code a} in the period and none of {@code b}, by their first such instant. */
    private static java.util.SortedMap<Long, List<String>> firstsOnlyIn(Outcomes a, Outcomes b, Scorecard.Window w) {
        TreeMap<Long, List<String>> out = new TreeMap<>();
        for (String lead : new TreeSet<>(a.leads())) {
            long[] at = a.of(lead);
            int i = Outcomes.firstAtOrAfter(at, w.from());
            if (i < at.length && at[i] < w.until() && !b.anyIn(lead, w.from(), w.until())) {
                out.computeIfAbsent(at[i], k -> new ArrayList<>()).add(lead);
            }
        }
        return out;
    }

    private static int count(java.util.SortedMap<Long, List<String>> people) {
        return people.values().stream().mapToInt(List::size).sum();
    }

    private static List<Example> examples(
            java.util.SortedMap<Long, List<String>> people, Model draft, @Nullable Model baseline, Engine history) {
        List<Example> out = new ArrayList<>();
        for (var e : people.entrySet()) {
            for (String lead : e.getValue()) {
                if (out.size() == EXAMPLES) {
                    return out;
                }
                out.add(example(lead, e.getKey(), draft, baseline, history));
            }
        }
        return out;
    }

    private static Example example(String lead, long at, Model draft, @Nullable Model baseline, Engine history) {
        List<Input> records = new ArrayList<>();
        for (Input r : history.history(lead)) {
            if (r.epochMillis() <= at && !(r instanceof LifecycleCommand)) {
                records.add(r);
            }
        }
        List<LedgerEntry> d = ledger(draft, records, lead, at);
        List<LedgerEntry> b = baseline == null ? List.of() : ledger(baseline, records, lead, at);
        Map<String, double[]> byRule = new TreeMap<>();
        d.forEach(x -> byRule.computeIfAbsent(key(x), k -> new double[2])[0] += x.points());
        b.forEach(x -> byRule.computeIfAbsent(key(x), k -> new double[2])[1] += x.points());
        List<Line> lines = new ArrayList<>();
        byRule.forEach((k, v) -> {
            int bar = k.indexOf('|');
            lines.add(new Line(
                    k.substring(bar + 1), k.substring(0, bar), round(v[0]), round(v[1]), Math.abs(v[0] - v[1]) > 1e-9));
        });
        return new Example(
                lead,
                Instant.ofEpochMilli(at).toString(),
                round(sum(d, Score.FIT)),
                round(sum(d, Score.ENGAGEMENT)),
                round(sum(b, Score.FIT)),
                round(sum(b, Score.ENGAGEMENT)),
                lines);
    }

    private static List<LedgerEntry> ledger(Model model, List<Input> records, String lead, long at) {
        Engine engine = Replays.replay(model, records, at);
        Optional<LeadSnapshot> s = engine.snapshot(lead, at);
        if (s.isEmpty()) { // the person had another id then (merged later): their busiest lead
            s = engine.leadIds().stream()
                    .map(id -> engine.snapshot(id, at))
                    .flatMap(Optional::stream)
                    .max(java.util.Comparator.comparingInt(x -> x.ledger().size()));
        }
        return s.map(LeadSnapshot::ledger).orElse(List.of());
    }

    private static String key(LedgerEntry e) {
        return e.score().name().toLowerCase(java.util.Locale.ROOT) + "|" + e.rule();
    }

    private static double sum(List<LedgerEntry> ledger, Score score) {
        return ledger.stream()
                .filter(e -> e.score() == score)
                .mapToDouble(LedgerEntry::points)
                .sum();
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
