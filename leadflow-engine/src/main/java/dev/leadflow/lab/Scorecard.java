package dev.leadflow.lab;

import dev.leadflow.lab.BacktestResult.Card;
import dev.leadflow.lab.BacktestResult.Rates;
import dev.leadflow.lab.BacktestResult.Week;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How a model's MQL cycles fared against the real outcomes (docs/MODEL.md, "Backtest"). A cycle
 * that began in the period <em>reached SQL</em> when its person entered SQL in the real history at
 * or after the cycle's MQL instant, before their next cycle under the same model began and at most
 * the horizon later; precision is the share of cycles that did. Recall is the share of the people
 * who entered SQL in the period whose SQL came at most the horizon after one of their MQLs. The same
 * for won deals (entering {@code customer}). Pure.
 */
final class Scorecard {

    /** The period {@code [from, until)} in epoch milliseconds, its zone (for weeks) and the horizon. */
    record Window(long from, long until, ZoneId zone, long horizonMillis) {
        boolean contains(long t) {
            return t >= from && t < until;
        }
    }

    /** A model's card with the counts behind it. */
    record Scored(Card card, int reachedSql, int won, int peopleSql, int peopleWon, int recalledSql, int recalledWon) {}

    private Scorecard() {}

    static Scored score(Outcomes mqls, Outcomes sql, Outcomes won, Window w) {
        java.util.SortedMap<LocalDate, int[]> weeks = emptyWeeks(w);
        int cycles = 0;
        int reachedSql = 0;
        int reachedWon = 0;
        for (String lead : mqls.leads()) {
            long[] at = mqls.of(lead);
            for (int i = Outcomes.firstAtOrAfter(at, w.from()); i < at.length && at[i] < w.until(); i++) {
                long end = Math.min(
                        i + 1 < at.length ? at[i + 1] : Long.MAX_VALUE, saturatedAdd(at[i], w.horizonMillis()) + 1);
                boolean toSql = sql.anyIn(lead, at[i], end);
                boolean toWon = won.anyIn(lead, at[i], end);
                cycles++;
                reachedSql += toSql ? 1 : 0;
                reachedWon += toWon ? 1 : 0;
                int[] week = weeks.computeIfAbsent(weekOf(at[i], w.zone()), k -> new int[3]);
                week[0]++;
                week[1] += toSql ? 1 : 0;
                week[2] += toWon ? 1 : 0;
            }
        }
        int[] sqlRecall = recall(mqls, sql, w);
        int[] wonRecall = recall(mqls, won, w);
        List<Week> perWeek = new ArrayList<>(weeks.size());
        weeks.forEach((week, n) -> perWeek.add(new Week(week.toString(), n[0], n[1], n[2])));
        Card card = new Card(
                cycles,
                new Rates(share(reachedSql, cycles), share(reachedWon, cycles)),
                new Rates(share(sqlRecall[1], sqlRecall[0]), share(wonRecall[1], wonRecall[0])),
                perWeek);
        return new Scored(card, reachedSql, reachedWon, sqlRecall[0], wonRecall[0], sqlRecall[1], wonRecall[1]);
    }

    /** {people who entered the outcome in the period, those of them with an MQL at most the horizon before}. */
    private static int[] recall(Outcomes mqls, Outcomes outcome, Window w) {
        int people = 0;
        int found = 0;
        for (String lead : outcome.leads()) {
            long[] at = outcome.of(lead);
            long[] mql = mqls.of(lead);
            boolean inPeriod = false;
            boolean recalled = false;
            for (int i = Outcomes.firstAtOrAfter(at, w.from()); i < at.length && at[i] < w.until(); i++) {
                inPeriod = true;
                int after = Outcomes.firstAtOrAfter(mql, saturatedAdd(at[i], 1)); // the first MQL after the outcome
                if (after > 0 && at[i] - mql[after - 1] <= w.horizonMillis()) {
                    recalled = true;
                    break;
                }
            }
            people += inPeriod ? 1 : 0;
            found += recalled ? 1 : 0;
        }
        return new int[] {people, found};
    }

    /** Every week of the period, from the one holding its first day, so that an empty week shows. */
    private static java.util.SortedMap<LocalDate, int[]> emptyWeeks(Window w) {
        TreeMap<LocalDate, int[]> weeks = new TreeMap<>();
        LocalDate last = weekOf(w.until() - 1, w.zone());
        for (LocalDate d = weekOf(w.from(), w.zone()); !d.isAfter(last); d = d.plusWeeks(1)) {
            weeks.put(d, new int[3]);
        }
        return weeks;
    }

    static LocalDate weekOf(long at, ZoneId zone) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(at), zone)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    static @Nullable Double share(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
