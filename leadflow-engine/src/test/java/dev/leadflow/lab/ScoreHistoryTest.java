package dev.leadflow.lab;

import static dev.leadflow.fixtures.Records.days;
import static dev.leadflow.fixtures.Records.hours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.leadflow.engine.Engine;
import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.Records;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import dev.leadflow.model.Score;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ScoreHistory: a lead's scores over time, as the server held them, with the MQL thresholds")
class ScoreHistoryTest {

    @Test
    @DisplayName("samples equal the live engine's scores at each record; decay shows on the grid after the last")
    void samples() {
        Model model = Models.small();
        Records r = new Records();
        List<Input> history = List.of(
                r.at(hours(0)).identify("bob", "job.seniority", "vp"),
                r.at(hours(1)).track("bob", "content_downloaded"),
                r.at(hours(2)).page("bob", "pricing"),
                r.at(hours(3)).page("bob", "pricing"));
        long until = Records.T0.plus(days(5)).toEpochMilli();

        ScoreHistory.Chart chart = ScoreHistory.of(model, "bob", history, List.of(), until);

        Engine live = new Engine(model);
        for (Input in : history) {
            live.apply(in);
            var point = chart.points().stream()
                    .filter(p -> p.at() == in.epochMillis())
                    .findFirst()
                    .orElseThrow();
            var snapshot = live.snapshot("bob", in.epochMillis()).orElseThrow();
            assertThat(point.fit()).isEqualTo(snapshot.fit());
            assertThat(point.engagement()).isCloseTo(snapshot.engagement(), within(1e-9));
            assertThat(point.probability()).isNaN();
        }
        assertThat(chart.points()).isSortedAccordingTo((a, b) -> Long.compare(a.at(), b.at()));
        assertThat(chart.points().getLast().at()).isEqualTo(until);
        assertThat(chart.points().getLast().engagement())
                .as("five days of a one-day half-life")
                .isLessThan(chart.points().get(3).engagement() / 16);
        assertThat(chart.thresholds()).isEqualTo(Map.of(Score.FIT, List.of(30.0), Score.ENGAGEMENT, List.of(20.0)));
    }

    @Test
    @DisplayName("no history: no points")
    void empty() {
        assertThat(ScoreHistory.of(Models.small(), "x", List.of(), List.of(), 0).points())
                .isEmpty();
    }
}
