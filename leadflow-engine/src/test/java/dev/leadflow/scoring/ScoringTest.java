package dev.leadflow.scoring;

import static dev.leadflow.fixtures.Records.days;
import static dev.leadflow.fixtures.Records.hours;
import static dev.leadflow.fixtures.Records.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.leadflow.fixtures.Models;
import dev.leadflow.fixtures.Records;
import dev.leadflow.input.Input;
import dev.leadflow.model.Model;
import dev.leadflow.model.Score;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Scoring")
class ScoringTest {

    private static final Model DECAY = Models.parse("""
            name: decay
            fit:
              - { name: vp, if: { attribute: job.seniority, eq: vp }, points: 20 }
              - { name: big, if: { attribute: company.employees, gte: 200 }, points: 15 }
              - { name: free-mail, if: { attribute: email, matches: "@gmail\\\\." }, points: -15 }
            engagement:
              half_life: 10d
              rules:
                - { name: pricing, on: page, if: { property: category, eq: pricing }, points: 10,
                    limit: { count: 2, per: 1d } }
                - { name: unsubscribed, on: unsubscribed, points: -20 }
                - { name: new-session, on: session_started, if: { property: returning, eq: false }, points: 1 }
                - { name: returning, on: session_started, if: { property: returning, eq: true }, points: 5 }
            """);

    private final Records r = new Records();

    private ScoringState scored(Input... inputs) {
        ScoringState s = new ScoringState(DECAY);
        for (Input i : inputs) {
            s.apply(i);
        }
        return s;
    }

    /** Checks the ledger invariant and returns the ledger. */
    private static List<LedgerEntry> ledger(ScoringState s, long at) {
        List<LedgerEntry> ledger = s.ledger(at);
        double fit = ledger.stream()
                .filter(e -> e.score() == Score.FIT)
                .mapToDouble(LedgerEntry::points)
                .sum();
        double eng = ledger.stream()
                .filter(e -> e.score() == Score.ENGAGEMENT)
                .mapToDouble(LedgerEntry::points)
                .sum();
        assertThat(fit).isCloseTo(s.fit(), within(1e-9));
        assertThat(eng).isCloseTo(s.engagementAt(at), within(1e-9));
        return ledger;
    }

    @Nested
    @DisplayName("fit")
    class Fit {

        @Test
        @DisplayName("sums the rules that hold on the current profile, negative points included")
        void currentProfile() {
            ScoringState s = scored(
                    r.identify("u1", "job.seniority", "vp", "email", "ann@gmail.com"),
                    r.after(minutes(1)).group("u1", "acme", "employees", 450));
            assertThat(s.fit()).isEqualTo(20.0);
            s.apply(r.after(minutes(1)).identify("u1", "email", "ann@acme.io"));
            assertThat(s.fit())
                    .as("free-mail no longer holds once the address changed")
                    .isEqualTo(35.0);
        }

        @Test
        @DisplayName("ledger entries name the record that last set an attribute the rule reads")
        void fitLedger() {
            Input first = r.identify("u1", "job.seniority", "vp");
            Input second = r.after(hours(1)).group("u1", "acme", "employees", 450);
            ScoringState s = scored(first, second);
            assertThat(ledger(s, r.nowMillis()))
                    .containsExactly(
                            new LedgerEntry("vp", Score.FIT, 20.0, first.messageId(), first.epochMillis()),
                            new LedgerEntry("big", Score.FIT, 15.0, second.messageId(), second.epochMillis()));
        }
    }

    @Nested
    @DisplayName("engagement")
    class EngagementScore {

        @Test
        @DisplayName("halves every half-life, exactly: points × 2^(−age/half_life)")
        void decay() {
            ScoringState s = scored(r.page("u1", "pricing"));
            long t0 = r.nowMillis();
            assertThat(s.engagementAt(t0)).isEqualTo(11.0);
            assertThat(s.engagementAt(t0 + days(10).toMillis())).isCloseTo(5.5, within(1e-12));
            assertThat(s.engagementAt(t0 + days(20).toMillis())).isCloseTo(2.75, within(1e-12));
            assertThat(s.engagementAt(t0 + days(5).toMillis())).isCloseTo(11 * Math.pow(2, -0.5), within(1e-12));
        }

        @Test
        @DisplayName("decays old points and adds new ones: each ledger entry decays from its own event")
        void sumOfDecayedEvents() {
            Input first = r.page("u1", "pricing");
            Input second = r.after(days(10)).page("u1", "pricing");
            ScoringState s = scored(first, second);
            long at = r.after(days(10)).nowMillis();
            // first: (1 + 10) × 1/4; second: (5 + 10) × 1/2
            assertThat(s.engagementAt(at)).isCloseTo(11 * 0.25 + 15 * 0.5, within(1e-9));
            assertThat(ledger(s, at))
                    .extracting(LedgerEntry::rule)
                    .containsExactly("new-session", "pricing", "returning", "pricing");
        }

        @Test
        @DisplayName("counts negative rules, which can take the score below zero")
        void negative() {
            ScoringState s = scored(r.track("u1", "unsubscribed"));
            assertThat(s.engagementAt(r.nowMillis())).isEqualTo(-19.0);
            ledger(s, r.nowMillis());
        }

        @Test
        @DisplayName("limits a rule to `count` scored matches in any sliding window of `per`")
        void slidingLimit() {
            ScoringState s = scored(
                    r.at(hours(0)).page("u1", "pricing"),
                    r.at(hours(1)).page("u1", "pricing"),
                    r.at(hours(2)).page("u1", "pricing"), // third within 1d: not scored
                    r.at(hours(23).plusMinutes(59)).page("u1", "pricing"), // still 2 scored in the last day
                    r.at(hours(24)).page("u1", "pricing"), // the 0h match has left the window
                    r.at(hours(24).plusMinutes(30)).page("u1", "pricing"), // 1h match still in window (1h..25h)
                    r.at(hours(25)).page("u1", "pricing")); // 1h match left; 24h one in: scores
            long pricing = ledger(s, r.nowMillis()).stream()
                    .filter(e -> e.rule().equals("pricing"))
                    .count();
            assertThat(pricing).isEqualTo(4);
            assertThat(ledger(s, r.nowMillis()).stream()
                            .filter(e -> e.rule().equals("pricing"))
                            .map(LedgerEntry::at)
                            .toList())
                    .containsExactly(
                            Records.T0.toEpochMilli(), Records.T0.plus(hours(1)).toEpochMilli(),
                            Records.T0.plus(hours(24)).toEpochMilli(),
                                    Records.T0.plus(hours(25)).toEpochMilli());
        }
    }

    @Nested
    @DisplayName("sessions")
    class Sessions {

        @Test
        @DisplayName("derive session_started for the first event (returning: false) and after ≥ 30 min idle (true)")
        void derived() {
            Input first = r.at(minutes(0)).page("u1", "blog");
            ScoringState s = scored(
                    first,
                    r.at(minutes(29)).page("u1", "blog"), // same session
                    r.at(minutes(58)).page("u1", "blog"), // 29 min after the last: same session
                    r.at(minutes(88)).page("u1", "blog")); // exactly 30 min idle: new session
            List<LedgerEntry> ledger = ledger(s, r.nowMillis());
            assertThat(ledger).extracting(LedgerEntry::rule).containsExactly("new-session", "returning");
            assertThat(ledger.get(0).event()).isEqualTo(first.messageId() + "#session_started");
            assertThat(ledger.get(1).at())
                    .isEqualTo(Records.T0.plus(minutes(88)).toEpochMilli());
        }

        @Test
        @DisplayName("are not started by profile records")
        void identifyIsNotActivity() {
            ScoringState s = scored(
                    r.identify("u1", "job.seniority", "vp"), r.after(hours(2)).identify("u1", "job.seniority", "cxo"));
            assertThat(s.matchCount()).isZero();
        }
    }
}
