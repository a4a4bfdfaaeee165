package dev.leadflow.adapter.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.lab.BacktestResult;
import dev.leadflow.lab.BacktestResult.Rates;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A backtest as the model lab shows it: draft against current, in figures, charts and changed leads. */
record LabView(
        String model,
        @Nullable String baseline,
        String period,
        String horizon,
        String headline,
        List<Row> summary,
        String weeksChart,
        String decilesChart,
        List<SweepView> sweeps,
        int newMqls,
        int lostMqls,
        List<Changed> added,
        List<Changed> lost) {

    /** One figure for the draft and the current model. */
    record Row(String label, String draft, String current) {}

    /** One threshold's sweep: its chart and where it stands now. */
    record SweepView(String title, String chart) {}

    /** A changed lead, linked to its page. */
    record Changed(String leadId, String mqlAt, String draft, String current) {}

    /** A chart for dashboard.js: Chart.js's shape, with a colour per data set and an optional right axis. */
    record Chart(
            String type,
            List<String> labels,
            List<Dataset> datasets,
            boolean legend,
            @Nullable String y2) {}

    record Dataset(
            String label,
            List<@Nullable Double> data,
            String color,
            @Nullable String type,
            @Nullable String yAxisID) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DRAFT = "#2f5bea";
    private static final String CURRENT = "#98a2b3";
    private static final String PRECISION = "#12805c";

    static LabView of(BacktestResult r) {
        List<String> deciles =
                r.deciles().stream().map(d -> String.valueOf(d.decile())).toList();
        return new LabView(
                r.model(),
                r.baseline(),
                r.period().from() + " to " + r.period().to() + " (" + r.period().timeZone() + ")",
                r.horizon(),
                headline(r),
                summary(r),
                weeks(r),
                json(new Chart(
                        "bar",
                        deciles,
                        List.of(new Dataset(
                                "lift", values(r.deciles(), BacktestResult.Decile::lift), DRAFT, null, null)),
                        false,
                        null)),
                r.sweep().stream().map(LabView::sweep).toList(),
                r.changes().newMqls(),
                r.changes().lostMqls(),
                changed(r.changes().examples().newMqls()),
                changed(r.changes().examples().lostMqls()));
    }

    /** Each figure for the draft and the baseline ("–" without one). */
    private static List<Row> summary(BacktestResult r) {
        BacktestResult.Card c = r.current();
        return List.of(
                new Row("MQLs", count(r.mqls()), c == null ? "–" : count(c.mqls())),
                new Row(
                        "Precision (reached SQL)",
                        percent(r.precision().sql()),
                        c == null ? "–" : percent(c.precision().sql())),
                new Row(
                        "Precision (won)",
                        percent(r.precision().won()),
                        c == null ? "–" : percent(c.precision().won())),
                new Row(
                        "Recall (SQLs found)",
                        percent(r.recall().sql()),
                        c == null ? "–" : percent(c.recall().sql())),
                new Row(
                        "Recall (wins found)",
                        percent(r.recall().won()),
                        c == null ? "–" : percent(c.recall().won())),
                new Row(
                        "MQLs per rep per week (" + r.capacity().reps() + " reps)",
                        number(r.capacity().mqlsPerRepPerWeek()),
                        c == null ? "–" : number(r.capacity().currentMqlsPerRepPerWeek())));
    }

    /** MQLs per week, the draft's and the baseline's. */
    private static String weeks(BacktestResult r) {
        List<String> weeks = r.perWeek().stream().map(BacktestResult.Week::week).toList();
        List<Dataset> sets = new ArrayList<>();
        sets.add(new Dataset("draft", values(r.perWeek(), w -> (double) w.mqls()), DRAFT, null, null));
        if (r.current() != null) {
            sets.add(
                    new Dataset("current", values(r.current().perWeek(), w -> (double) w.mqls()), CURRENT, null, null));
        }
        return json(new Chart("line", weeks, sets, true, null));
    }

    /** One threshold's sweep: MQLs as bars, precision (SQL, %) as a line on the right axis. */
    private static SweepView sweep(BacktestResult.SweepCurve curve) {
        List<String> labels =
                curve.points().stream().map(p -> number(p.value())).toList();
        return new SweepView(
                curve.subject() + " " + curve.operator() + " (drafted: " + number(curve.value()) + ")",
                json(new Chart(
                        "bar",
                        labels,
                        List.of(
                                new Dataset("MQLs", values(curve.points(), p -> (double) p.mqls()), DRAFT, null, "y"),
                                new Dataset(
                                        "precision (SQL) %",
                                        values(curve.points(), p -> share(p.precision())), PRECISION, "line", "y2")),
                        true,
                        "%")));
    }

    /** The backtest in one line: MQLs, the change against current, and precision. */
    private static String headline(BacktestResult r) {
        BacktestResult.Card c = r.current();
        return count(r.mqls()) + " MQLs" + (c == null ? "" : " instead of " + count(c.mqls())) + " ("
                + count(r.changes().newMqls()) + " leads newly MQL, "
                + count(r.changes().lostMqls()) + " no longer); "
                + "precision (SQL) " + percent(r.precision().sql())
                + (c == null ? "" : " instead of " + percent(c.precision().sql())) + ".";
    }

    private static List<Changed> changed(List<BacktestResult.Example> examples) {
        return examples.stream()
                .map(e -> new Changed(
                        e.leadId(),
                        e.mqlAt(),
                        number(e.draftFit()) + " fit, " + number(e.draftEngagement()) + " engagement",
                        number(e.baselineFit()) + " fit, " + number(e.baselineEngagement()) + " engagement"))
                .toList();
    }

    private static @Nullable Double share(Rates rates) {
        return rates.sql() == null ? null : Math.round(rates.sql() * 1000) / 10.0;
    }

    private static <T> List<@Nullable Double> values(List<T> items, Function<T, @Nullable Double> value) {
        List<@Nullable Double> out = new ArrayList<>(items.size());
        items.forEach(i -> out.add(value.apply(i)));
        return out;
    }

    private static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String percent(@Nullable Double share) {
        return share == null ? "–" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String number(@Nullable Double v) {
        if (v == null) {
            return "–";
        }
        return v == Math.rint(v) ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String json(Chart chart) {
        try {
            return JSON.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chart of records always writes", e);
        }
    }
}
