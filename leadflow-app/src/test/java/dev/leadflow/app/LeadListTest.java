package dev.leadflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.demo.DemoHistory;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.model.Model;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The lead list: one walk and a heap give the page that sorting every match gives")
class LeadListTest {

    @Test
    @DisplayName("every filter, offset and limit, against every summary filtered, sorted by id and cut")
    void equalsSortingEverything() {
        Model model = Fixtures.exampleModel();
        DemoHistory.Options options = new DemoHistory.Options(150, 30, 3, Instant.parse("2026-01-05T00:00:00Z"));
        long end = options.end().toEpochMilli();
        {
            Leadflow live = Leadflow.withoutHandoff(
                    model, new InMemoryStorage(), options.start().toEpochMilli());
            live.ingestEvents().ingest(DemoHistory.generate(model, options), end);
            List<LeadSummary> every = live.leadQueries().leadIds().stream()
                    .map(id -> live.leadQueries().summary(id, end).orElseThrow())
                    .toList();
            assertThat(every).hasSizeGreaterThan(100);
            Set<Stage> open = EnumSet.of(Stage.LEAD, Stage.MQL, Stage.SAL);
            Predicate<String> odd = id -> id.hashCode() % 2 != 0;
            Predicate<LeadSummary> engaged = s -> s.engagement() >= 10;
            List<LeadFilter> filters = List.of(
                    LeadFilter.ANY,
                    new LeadFilter(open, null, null),
                    new LeadFilter(null, odd, null),
                    new LeadFilter(null, null, engaged),
                    new LeadFilter(open, odd, engaged),
                    new LeadFilter(EnumSet.of(Stage.CUSTOMER), null, s -> false));
            Random random = new Random(3);
            for (LeadFilter filter : filters) {
                List<LeadSummary> matching = every.stream()
                        .filter(s -> (filter.stages() == null || filter.stages().contains(s.stage()))
                                && (filter.ids() == null || filter.ids().test(s.id()))
                                && (filter.summaries() == null
                                        || filter.summaries().test(s)))
                        .sorted(Comparator.comparing(LeadSummary::id))
                        .toList();
                List<int[]> pages = new ArrayList<>(List.of(
                        new int[] {0, 50},
                        new int[] {0, 1},
                        new int[] {0, 0},
                        new int[] {matching.size(), 10},
                        new int[] {0, Integer.MAX_VALUE},
                        new int[] {Integer.MAX_VALUE - 1, Integer.MAX_VALUE}));
                for (int i = 0; i < 20; i++) {
                    pages.add(new int[] {random.nextInt(every.size() + 5), 1 + random.nextInt(60)});
                }
                for (int[] p : pages) {
                    LeadQueries.Page page = live.leadQueries().list(filter, p[0], p[1], end);
                    int from = Math.min(p[0], matching.size());
                    assertThat(page.total()).as("total").isEqualTo(matching.size());
                    assertThat(page.leads())
                            .as("offset %d, limit %d", p[0], p[1])
                            .isEqualTo(matching.subList(from, (int) Math.min(matching.size(), (long) from + p[1])));
                }
            }
        }
    }
}
