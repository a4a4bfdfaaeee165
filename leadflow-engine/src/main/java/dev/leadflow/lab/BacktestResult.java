package dev.leadflow.lab;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a backtest found, shaped as its JSON answer (docs/MODEL.md, "Backtest"): the draft's MQLs
 * and how they fared in the real history, the same for the baseline, lift by decile, capacity, the
 * people who change, and a sweep of each MQL threshold. Shares are null when nothing was counted.
 */
public record BacktestResult(
        String model,
        @Nullable String baseline,
        Period period,
        String horizon,
        int mqls,
        List<Week> perWeek,
        Rates precision,
        Rates recall,
        @Nullable Card current,
        List<Decile> deciles,
        Capacity capacity,
        Changes changes,
        List<SweepCurve> sweep,
        Counts counts) {

    /** The dates of the period, inclusive, in the time zone of the weeks. */
    public record Period(String from, String to, String timeZone) {}

    /** MQL cycles that began in the week starting Monday {@code week}, and how many of them reached SQL and won. */
    public record Week(String week, int mqls, int reachedSql, int won) {}

    /** A share for SQL and one for won deals. */
    public record Rates(@Nullable Double sql, @Nullable Double won) {}

    /** MQLs, precision, recall and weeks of one model (the baseline's, beside the draft's). */
    public record Card(int mqls, Rates precision, Rates recall, List<Week> perWeek) {}

    /** One tenth of the people, ranked by the highest score the draft gave them (1 = top). */
    public record Decile(
            int decile,
            int leads,
            int reachedSql,
            int won,
            @Nullable Double rate,
            @Nullable Double lift) {}

    /** Reps to take the MQLs, and the MQLs each would get in a week under the draft and under the baseline. */
    public record Capacity(
            int reps,
            @Nullable Double mqlsPerRepPerWeek,
            @Nullable Double currentMqlsPerRepPerWeek) {}

    /** People the draft makes MQL and the baseline never did in the period, and the reverse. */
    public record Changes(int newMqls, int lostMqls, Examples examples) {}

    /** Up to 20 of the new and of the lost MQLs, earliest first. */
    public record Examples(List<Example> newMqls, List<Example> lostMqls) {}

    /**
     * A changed person: the instant the model that made them MQL did so (the draft's for a new MQL,
     * the baseline's for a lost one), both models' scores then, and their ledgers side by side.
     */
    public record Example(
            String leadId,
            String mqlAt,
            double draftFit,
            double draftEngagement,
            double baselineFit,
            double baselineEngagement,
            List<Line> ledger) {}

    /**
     * One rule's points in each model's ledger at the example's instant (0 where it gave none);
     * {@code differs} when the two give it different points.
     */
    public record Line(String rule, String score, double draft, double baseline, boolean differs) {}

    /** One threshold of the draft's MQL criteria and how MQLs, precision and recall move with it. */
    public record SweepCurve(String path, String subject, String operator, double value, List<SweepPoint> points) {}

    /** The backtest at one value of the threshold, the others as drafted. */
    public record SweepPoint(double value, int mqls, Rates precision, Rates recall) {}

    /**
     * What the shares are made of: the events replayed under the draft (the history but its sales
     * actions), the people ranked in the deciles, the draft's MQL cycles that reached SQL and won,
     * the people who reached SQL and won in the period, and of them those the draft found.
     */
    public record Counts(
            int events,
            int people,
            int mqlsReachedSql,
            int mqlsWon,
            int peopleReachedSql,
            int peopleWon,
            int recalledSql,
            int recalledWon) {}
}
