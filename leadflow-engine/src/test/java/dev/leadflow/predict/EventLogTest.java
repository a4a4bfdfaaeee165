package dev.leadflow.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EventLog: every window's counts, kept running, equal a count of every event")
class EventLogTest {

    private static final long DAY = 86_400_000L;
    private static final List<String> NAMES = List.of("page", "form", "email", "webinar", "demo");

    record Added(int id, long at) {}

    /** How many of {@code added} fall in {@code (at - days, at]}, per id and window, counted one by one. */
    private static int[] counted(List<Added> added, long at) {
        int[] out = new int[NAMES.size() * Signals.WINDOW_DAYS.size()];
        for (Added a : added) {
            for (int w = 0; w < Signals.WINDOW_DAYS.size(); w++) {
                long age = at - a.at();
                if (age >= 0 && age < Signals.WINDOW_DAYS.get(w) * DAY) {
                    out[a.id() * Signals.WINDOW_DAYS.size() + w]++;
                }
            }
        }
        return out;
    }

    @Test
    @DisplayName("random histories over years, in order or with some events late, read at and after each event,"
            + " by id (the criteria's path) and by name (the explanation's)")
    void runningCountsEqualCounting() {
        int reads = 0;
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            boolean late = seed % 4 == 0;
            EventLog byId = new EventLog(NAMES);
            EventLog byName = new EventLog(null);
            List<Added> added = new ArrayList<>();
            long t = 1_700_000_000_000L;
            long latest = t;
            for (int i = 0; i < 400; i++) {
                t += switch (rnd.nextInt(3)) {
                    case 0 -> rnd.nextLong(3_600_000);
                    case 1 -> rnd.nextLong(3 * DAY);
                    default -> rnd.nextLong(40 * DAY);
                };
                long at = late && rnd.nextInt(10) == 0 ? t - rnd.nextLong(20 * DAY) : t;
                int id = rnd.nextInt(NAMES.size());
                byId.add(NAMES.get(id), id, at);
                byName.add(NAMES.get(id), 0, at);
                added.add(new Added(id, at));
                latest = Math.max(latest, at);
                long readAt = rnd.nextBoolean() ? latest : latest + rnd.nextLong(100 * DAY);
                int[] expected = counted(added, readAt);
                assertThat(byId.countsById(readAt, NAMES.size()))
                        .as("seed %d, event %d", seed, i)
                        .containsExactly(expected);
                Map<String, int[]> named = byName.countsByName(readAt);
                for (int n = 0; n < NAMES.size(); n++) {
                    int[] windows = named.getOrDefault(NAMES.get(n), new int[3]);
                    for (int w = 0; w < 3; w++) {
                        assertThat(windows[w]).isEqualTo(expected[n * 3 + w]);
                    }
                }
                assertThat(byId.countsByName(readAt)).containsOnlyKeys(named.keySet());
                if (readAt == latest || rnd.nextBoolean()) {
                    reads++;
                } else {
                    latest = readAt; // the lead's next record came then: later reads are not before it
                    byId.countsById(readAt, NAMES.size());
                }
            }
        }
        assertThat(reads).isGreaterThan(5000);
    }
}
