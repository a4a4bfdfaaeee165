package dev.leadflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadflow.Fixtures;
import dev.leadflow.app.port.StoreException;
import dev.leadflow.handoff.Desk;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.Track;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The use cases, run by the test driver: no HTTP, no database")
class UseCasesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final String HANDOFF = """
            teams:
              - id: sales
                time_zone: UTC
                working_hours: always
                members: [{ id: ann }, { id: bob }]
            routing:
              - { name: everyone, team: sales }
            sla:
              accept_within: 3h
              escalation: [{ action: recycle, after: 1h }]
            nurture:
              - { track: education, reasons: [premature, sla_breach] }
            """;

    /** Identifies {@code user} and asks for a demo: an MQL at once (the example model's fast lane). */
    private static List<Input> handRaiser(String user, Instant at) {
        return List.of(
                new Identify(
                        "id-" + user,
                        at,
                        user,
                        null,
                        Fields.of(Map.of("email", user + "@acme.example", "company.employees", 300))),
                new Track("demo-" + user, at, user, null, "demo_requested", Fields.of(Map.of())));
    }

    private static Optional<String> owner(LeadflowTestDriver d, String lead) {
        return d.app().leadQueries().handoffCase(lead).desk().flatMap(Desk.CaseView::owner);
    }

    @Test
    @DisplayName("a hand-raiser becomes an MQL routed to a rep, who accepts it; a restart shows the same")
    void handRaiserRoutedAndAccepted() {
        LeadflowTestDriver d = LeadflowTestDriver.withHandoff(Fixtures.exampleModel(), T0);
        d.configureHandoff(HANDOFF);
        assertThat(d.ingest(handRaiser("u1", T0))).isEqualTo(new IngestEvents.Ingested(2, 0));
        assertThat(d.app().leadQueries().lead("u1", d.now()).orElseThrow().stage())
                .isEqualTo(Stage.MQL);
        String rep = owner(d, "u1").orElseThrow();
        assertThat(rep).isIn("ann", "bob");
        assertThat(d.app()
                        .salesQueue()
                        .queue(Optional.of(rep), Optional.empty(), 3, 0, 10, d.now())
                        .leads())
                .extracting(e -> e.lead().id())
                .containsExactly("u1");

        d.advance(Duration.ofMinutes(10));
        assertThat(d.act("u1", Action.ACCEPT, null)).isInstanceOf(PerformSalesAction.Result.Done.class);
        LeadDetails details = d.app().leadQueries().details("u1", d.now()).orElseThrow();
        assertThat(details.snapshot().stage()).isEqualTo(Stage.SAL);
        assertThat(details.events()).extracting(e -> e.type()).contains("assigned");
        assertThat(details.timeline()).last().isInstanceOf(LeadDetails.Entry.Moved.class);

        d.restart();
        assertThat(d.app().leadQueries().details("u1", d.now())).contains(details);
        assertThat(owner(d, "u1")).contains(rep);
    }

    @Test
    @DisplayName("an MQL nobody accepts is recycled at its SLA's escalation, by a stored record a restart replays")
    void slaBreachRecycles() {
        LeadflowTestDriver d = LeadflowTestDriver.withHandoff(Fixtures.exampleModel(), T0);
        d.configureHandoff(HANDOFF);
        d.ingest(handRaiser("u1", T0));
        long before = d.storage().count();
        d.advance(Duration.ofHours(3).minusMinutes(1));
        assertThat(d.app().leadQueries().lead("u1", d.now()).orElseThrow().stage())
                .isEqualTo(Stage.MQL);
        d.advance(Duration.ofHours(2));
        assertThat(d.app().leadQueries().lead("u1", d.now()).orElseThrow().stage())
                .isEqualTo(Stage.RECYCLED);
        assertThat(d.storage().count()).as("the recycle is a record").isEqualTo(before + 1);
        assertThat(d.app().leadQueries().handoffCase("u1").track()).contains("education");

        LeadDetails then = d.app().leadQueries().details("u1", d.now()).orElseThrow();
        assertThat(d.restart().app().leadQueries().details("u1", d.now())).contains(then);
    }

    @Test
    @DisplayName("without a hand-off nothing is routed, queues are empty, and configuring it is refused")
    void withoutHandoff() {
        LeadflowTestDriver d = LeadflowTestDriver.withoutHandoff(Fixtures.exampleModel(), T0);
        d.ingest(handRaiser("u1", T0));
        assertThat(d.app().leadQueries().lead("u1", d.now()).orElseThrow().stage())
                .isEqualTo(Stage.MQL);
        assertThat(owner(d, "u1")).isEmpty();
        assertThat(d.app()
                        .salesQueue()
                        .queue(Optional.empty(), Optional.empty(), 3, 0, 10, d.now())
                        .total())
                .isZero();
        assertThat(d.app().configureHandoff().current().version()).isEmpty();
        assertThatThrownBy(() -> d.configureHandoff(HANDOFF))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a hand-off");
        assertThatThrownBy(() -> d.app().reassignLead().reassign("u1", "ann", d.now()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(d.storage().count()).as("nothing stored by the refusals").isEqualTo(2);
    }

    @Test
    @DisplayName("a refused commit stores nothing of its unit (records nor hand-off rows); the retry stores all")
    void refusedCommit() {
        LeadflowTestDriver d = LeadflowTestDriver.withHandoff(Fixtures.exampleModel(), T0);
        d.configureHandoff(HANDOFF);
        d.storage().failNextCommit();
        assertThatThrownBy(() -> d.ingest(handRaiser("u1", T0))).isInstanceOf(StoreException.class);
        assertThat(d.storage().count()).isZero();
        assertThat(d.storage().events("u1")).isEmpty();

        assertThat(d.ingest(handRaiser("u1", T0))).isEqualTo(new IngestEvents.Ingested(2, 0));
        assertThat(owner(d, "u1")).isPresent();
        assertThat(d.storage().events("u1")).extracting(e -> e.type()).contains("assigned");
        LeadDetails now = d.app().leadQueries().details("u1", d.now()).orElseThrow();
        assertThat(d.restart().app().leadQueries().details("u1", d.now())).contains(now);
    }

    @Test
    @DisplayName("publishing: nothing without a draft; a draft publishes once and scores every lead again")
    void publishModel() {
        LeadflowTestDriver d = LeadflowTestDriver.withHandoff(Fixtures.exampleModel(), T0);
        d.ingest(handRaiser("u1", T0));
        assertThat(d.app().publishModel().publish("test", d.now())).isInstanceOf(PublishModel.Result.Conflict.class);
        String yaml = Fixtures.exampleModelYaml().replaceFirst("version: \\d+", "version: 99");
        d.models().saveDraft(yaml, d.now(), "test");
        PublishModel.Result published = d.app().publishModel().publish("test", d.now());
        assertThat(published).isInstanceOfSatisfying(PublishModel.Result.Published.class, p -> {
            assertThat(p.version().version()).isEqualTo(1);
            assertThat(p.leads()).isEqualTo(1);
        });
        assertThat(d.app().leadQueries().model().id()).endsWith("@99");
        assertThat(d.app().leadQueries().lead("u1", d.now()).orElseThrow().model())
                .endsWith("@99");
        assertThat(d.app().publishModel().publish("test", d.now()))
                .isInstanceOfSatisfying(
                        PublishModel.Result.Conflict.class,
                        c -> assertThat(c.message()).contains("already published"));
    }
}
