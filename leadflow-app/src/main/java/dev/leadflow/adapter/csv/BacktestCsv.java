package dev.leadflow.adapter.csv;

import dev.leadflow.lab.BacktestResult;
import dev.leadflow.lab.BacktestResult.Rates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A backtest's tables as CSV (docs/MODEL.md, "Backtest"): one table after another, a blank line
 * between them, each with a header whose first cell names the table.
 */
public final class BacktestCsv {

    private BacktestCsv() {}

    public static String write(BacktestResult r) {
        List<String> tables = new ArrayList<>();
        Csv summary = new Csv().row(List.of("summary", "draft", "baseline"));
        summary.row(cells("model", r.model(), r.baseline()));
        summary.row(
                cells("mqls", r.mqls(), r.current() == null ? null : r.current().mqls()));
        Rates noRates = new Rates(null, null);
        Rates basePrecision = r.current() == null ? noRates : r.current().precision();
        Rates baseRecall = r.current() == null ? noRates : r.current().recall();
        summary.row(cells("precision_sql", r.precision().sql(), basePrecision.sql()));
        summary.row(cells("precision_won", r.precision().won(), basePrecision.won()));
        summary.row(cells("recall_sql", r.recall().sql(), baseRecall.sql()));
        summary.row(cells("recall_won", r.recall().won(), baseRecall.won()));
        summary.row(cells("new_mqls", r.changes().newMqls(), null));
        summary.row(cells("lost_mqls", r.changes().lostMqls(), null));
        summary.row(cells("reps", r.capacity().reps(), null));
        summary.row(cells("mqls_per_rep_per_week", r.capacity().mqlsPerRepPerWeek(), null));
        tables.add(summary.toString());

        Csv weeks = new Csv().row(List.of("per_week", "mqls", "reached_sql", "won", "baseline_mqls"));
        for (int i = 0; i < r.perWeek().size(); i++) {
            var w = r.perWeek().get(i);
            Integer base =
                    r.current() == null ? null : r.current().perWeek().get(i).mqls();
            weeks.row(cells(w.week(), w.mqls(), w.reachedSql(), w.won(), base));
        }
        tables.add(weeks.toString());

        Csv deciles = new Csv().row(List.of("decile", "leads", "reached_sql", "won", "rate", "lift"));
        r.deciles()
                .forEach(d -> deciles.row(cells(d.decile(), d.leads(), d.reachedSql(), d.won(), d.rate(), d.lift())));
        tables.add(deciles.toString());

        Csv sweep = new Csv()
                .row(List.of("sweep", "value", "mqls", "precision_sql", "precision_won", "recall_sql", "recall_won"));
        r.sweep()
                .forEach(c -> c.points()
                        .forEach(p -> sweep.row(cells(
                                c.subject() + " " + c.operator(),
                                p.value(),
                                p.mqls(),
                                p.precision().sql(),
                                p.precision().won(),
                                p.recall().sql(),
                                p.recall().won()))));
        tables.add(sweep.toString());

        Csv changes = new Csv()
                .row(List.of(
                        "change",
                        "lead_id",
                        "mql_at",
                        "draft_fit",
                        "draft_engagement",
                        "baseline_fit",
                        "baseline_engagement"));
        r.changes().examples().newMqls().forEach(e -> changes.row(example("new", e)));
        r.changes().examples().lostMqls().forEach(e -> changes.row(example("lost", e)));
        tables.add(changes.toString());
        return String.join("\n", tables);
    }

    private static List<?> example(String change, BacktestResult.Example e) {
        return cells(
                change,
                e.leadId(),
                e.mqlAt(),
                e.draftFit(),
                e.draftEngagement(),
                e.baselineFit(),
                e.baselineEngagement());
    }

    private static List<@Nullable Object> cells(@Nullable Object... values) {
        return Arrays.asList(values);
    }
}
