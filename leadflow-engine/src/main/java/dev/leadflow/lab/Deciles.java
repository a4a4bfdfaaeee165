package dev.leadflow.lab;

import dev.leadflow.lab.BacktestResult.Decile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Lift by decile: the people active in the period ranked by the highest fit + engagement the draft
 * gave them (ties by lead id), cut into ten groups whose sizes differ by at most one (decile 1 the
 * top), and how many of each reached SQL and won in the real history from the period's start to
 * the horizon after its end. Fewer than ten people make fewer (non-empty) deciles. Pure.
 */
final class Deciles {

    private Deciles() {}

    static List<Decile> of(Map<String, Double> highest, Outcomes sql, Outcomes won, long from, long until) {
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(highest.entrySet());
        ranked.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        int n = ranked.size();
        int totalSql = 0;
        int[][] counts = new int[10][3];
        for (int i = 0; i < n; i++) {
            String lead = ranked.get(i).getKey();
            int d = (int) ((long) i * 10 / n);
            boolean s = sql.anyIn(lead, from, until);
            counts[d][0]++;
            counts[d][1] += s ? 1 : 0;
            counts[d][2] += won.anyIn(lead, from, until) ? 1 : 0;
            totalSql += s ? 1 : 0;
        }
        Double overall = Scorecard.share(totalSql, n);
        List<Decile> out = new ArrayList<>(10);
        for (int d = 0; d < 10; d++) {
            if (counts[d][0] == 0) {
                continue;
            }
            Double rate = Scorecard.share(counts[d][1], counts[d][0]);
            Double lift = rate == null || overall == null || overall == 0 ? null : rate / overall;
            out.add(new Decile(d + 1, counts[d][0], counts[d][1], counts[d][2], rate, lift));
        }
        return out;
    }
}
