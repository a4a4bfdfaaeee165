package dev.leadflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.input.Fields;
import dev.leadflow.input.Input;
import dev.leadflow.input.Page;
import dev.leadflow.input.Track;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Attribution: a cycle's channel from the last event at or before its MQL that carries one")
class AttributionTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private static Page page(int minute, Map<String, ?> properties) {
        return new Page("p" + minute, T0.plusSeconds(60L * minute), "u1", null, Fields.of(properties));
    }

    private static Transition to(Stage to, int minute, int cycle) {
        return new Transition(Stage.SUBSCRIBER, to, T0.plusSeconds(60L * minute).toEpochMilli(), "t", "r", cycle);
    }

    @Test
    @DisplayName("last touch per cycle; events without the dimension are skipped; none before: (none)")
    void lastTouch() {
        List<Input> history = List.of(
                page(
                        0,
                        Map.of(
                                "context.campaign.source",
                                "google",
                                "context.campaign.medium",
                                "cpc",
                                "path",
                                "/pricing")),
                new Track(
                        "t1",
                        T0.plusSeconds(600),
                        "u1",
                        null,
                        "content_downloaded",
                        Fields.of(Map.of("funnel_stage", "bofu"))),
                page(20, Map.of("utm_source", "newsletter", "campaign", "spring", "context.page.path", "/guide")),
                page(40, Map.of("context.campaign.source", "linkedin")));
        List<Transition> moves = List.of(to(Stage.LEAD, 10, 0), to(Stage.MQL, 10, 1), to(Stage.MQL, 30, 2));

        assertThat(Attribution.SOURCE.of(history, moves, 0)).isEqualTo("google");
        assertThat(Attribution.SOURCE.of(history, moves, 1))
                .as("the download carries none: the page before it")
                .isEqualTo("google");
        assertThat(Attribution.SOURCE.of(history, moves, 2)).isEqualTo("newsletter");
        assertThat(Attribution.MEDIUM.of(history, moves, 2)).isEqualTo("cpc");
        assertThat(Attribution.CAMPAIGN.of(history, moves, 1)).isEqualTo(Attribution.NONE);
        assertThat(Attribution.CAMPAIGN.of(history, moves, 2)).isEqualTo("spring");
        assertThat(Attribution.LANDING_PAGE.of(history, moves, 1)).isEqualTo("/pricing");
        assertThat(Attribution.LANDING_PAGE.of(history, moves, 2)).isEqualTo("/guide");
        assertThat(Attribution.SOURCE.of(history, moves, 3)).as("no such cycle").isEqualTo(Attribution.NONE);
        String[][] every = Attribution.ofEveryCycle(history, moves, 4);
        for (Attribution a : Attribution.values()) {
            for (int cycle = 0; cycle < 4; cycle++) {
                assertThat(every[a.ordinal()][cycle])
                        .as(a + " of every cycle, cycle " + cycle)
                        .isEqualTo(a.of(history, moves, cycle));
            }
        }
        assertThat(Attribution.fromWire("landing_page")).contains(Attribution.LANDING_PAGE);
        assertThat(Attribution.fromWire("colour")).isEmpty();
    }
}
