package dev.leadflow.lab;

import static dev.leadflow.fixtures.Records.days;
import static dev.leadflow.fixtures.Records.hours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.RandomHistory;
import dev.leadflow.fixtures.Records;
import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.model.Model;
import dev.leadflow.predict.Features;
import dev.leadflow.predict.Predictive;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Features: the closed cycles of a history, with what was known at each MQL instant")
class PredictiveExamplesTest {

    static final String PREDICTIVE = "predictive:\n  target: sql\n";
    /** The small model, MQLs not expiring (so that sales can still act on them a day later). */
    static final String BASE =
            Models.SMALL.replace("  requalify_after: 7d", "  requalify_after: 7d\n  expire_mql: false");

    static final Model SMALL = Models.parse(BASE + PREDICTIVE);

    /**
     * bob: VP, a download at 1h and pricing pages at 2h and 3h: MQL at 3h (engagement 24.4),
     * accepted and qualified (positive). dan: the same, rejected as premature (negative). carol: a
     * demo request at 1h (fast lane), nothing after: open. alice: one pricing page, never an MQL.
     */
    static List<Input> history() {
        Records r = new Records();
        List<Input> out = new ArrayList<>();
        for (String who : List.of("bob", "alice", "dan", "carol")) {
            out.add(r.at(hours(0)).identify(who, "job.seniority", "vp"));
        }
        out.add(r.at(hours(1)).track("carol", "demo_requested", "context.campaign.source", "google"));
        for (String who : List.of("bob", "dan")) {
            out.add(r.at(hours(1)).track(who, "content_downloaded", "context.campaign.source", "newsletter"));
            out.add(r.at(hours(2)).page(who, "pricing"));
            out.add(r.at(hours(3)).page(who, "pricing"));
        }
        out.add(r.at(hours(2)).page("alice", "pricing"));
        out.add(r.at(days(1)).action("bob", Action.ACCEPT, null));
        out.add(r.at(days(1)).action("dan", Action.REJECT, "premature"));
        out.add(r.at(days(2)).action("bob", Action.QUALIFY, null));
        out.add(r.at(days(3)).page("bob", "pricing")); // after bob's MQL: not a feature of it
        out.sort(Comparator.comparingLong(Input::epochMillis));
        return out;
    }

    @Test
    @DisplayName("labels each closed cycle and computes its features by hand")
    void byHand() {
        Features.Examples x = PredictiveExamples.of(SMALL, SMALL.predictive().orElseThrow(), history());

        assertThat(x.closed())
                .extracting(Features.Example::leadId, Features.Example::positive)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bob", true),
                        org.assertj.core.groups.Tuple.tuple("dan", false));
        assertThat(x.open()).extracting(Features.Example::leadId).containsExactly("carol");
        Features.Example bob = x.closed().getFirst();
        assertThat(bob.mqlAt()).isEqualTo(Records.T0.plus(hours(3)).toEpochMilli());
        SortedMap<String, Object> f = bob.features();
        double engagement = 5 * Math.pow(2, -2 / 24.0) + 10 * Math.pow(2, -1 / 24.0) + 10;
        assertThat((Double) f.get("engagement")).isCloseTo(engagement, within(1e-9));
        assertThat(f)
                .containsEntry("attribute.job.seniority", "vp")
                .containsEntry("fit", 30.0)
                .containsEntry("events.content_downloaded.7d", 1.0)
                .containsEntry("events.page.7d", 2.0)
                .containsEntry("events.page.90d", 2.0)
                .containsEntry("days_since_first_seen", 3 / 24.0)
                .containsEntry("touch.source", "newsletter")
                .containsEntry("touch.medium", "(none)")
                .containsEntry("prior_cycles", 0.0)
                .containsEntry("mql.weekday", "monday"); // 2026-03-02
        assertThat(f.keySet()).allMatch(k -> !k.startsWith("events.demo"));
    }

    @Test
    @DisplayName("a cycle still open after the horizon counts as ended without the target")
    void horizon() {
        Model m = Models.parse(BASE + PREDICTIVE + "  horizon: 1d\n");
        Features.Examples x = PredictiveExamples.of(m, m.predictive().orElseThrow(), history());

        assertThat(x.open()).isEmpty();
        assertThat(x.closed()).extracting(Features.Example::leadId).containsExactly("carol", "bob", "dan");
        assertThat(x.closed().getFirst().positive()).isFalse();
    }

    /**
     * The property: every cycle's features are the same when the history is cut at its MQL instant,
     * so nothing later (records, identity merges, sales actions, labels) was read. Random histories
     * with anonymous browsing, identification, aliases and sales actions.
     */
    @Test
    @DisplayName("no feature reads anything after the MQL instant")
    void noLeak() {
        String yaml = exampleModel(); // its predictive section targets sql
        Model model = Models.parse(yaml);
        Predictive spec = model.predictive().orElseThrow();
        int checked = 0;
        for (long seed = 1; seed <= 6; seed++) {
            List<Input> history = new ArrayList<>(RandomHistory.generate(seed, 40, 900));
            history.sort(Comparator.comparingLong(Input::epochMillis)); // processing order
            Features.Examples all = PredictiveExamples.of(model, spec, history);
            List<Features.Example> cycles = new ArrayList<>(all.closed());
            cycles.addAll(all.open());
            for (Features.Example e : cycles.subList(0, Math.min(cycles.size(), 12))) {
                List<Input> cut = history.stream()
                        .filter(r -> r.epochMillis() <= e.mqlAt())
                        .toList();
                Features.Examples then = PredictiveExamples.of(model, spec, cut);
                // the same cycle, perhaps under another id: a later merge may have given it to this lead
                Map<String, SortedMap<String, Object>> byInstant = java.util.stream.Stream.concat(
                                then.closed().stream(), then.open().stream())
                        .collect(Collectors.toMap(c -> c.mqlAt() + "#" + c.cycle(), Features.Example::features));
                assertThat(byInstant.get(e.mqlAt() + "#" + e.cycle()))
                        .as("seed %d, %s cycle %d", seed, e.leadId(), e.cycle())
                        .isEqualTo(e.features());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    static String exampleModel() {
        try (var in = PredictiveExamplesTest.class.getResourceAsStream("/dev/leadflow/examples/model.yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
