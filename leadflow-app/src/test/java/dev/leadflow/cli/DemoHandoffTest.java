package dev.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.Fixtures;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.port.Scope;
import dev.leadflow.model.Model;
import dev.leadflow.server.LeadflowServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --demo}'s history (1,000 leads over 120 days), handed off by the bundled example
 * configuration exactly as the README's first command does, then read back through the HTTP API
 * only: the hand-off's events agree with the lifecycle's transitions, the owners with the queues,
 * and a restart changes nothing.
 */
@DisplayName("The demo history handed off: assignments, breaches, escalations and nurture, consistent through the API")
class DemoHandoffTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-23T12:00:00Z"));

    @TempDir
    Path dir;

    private LeadflowServer server;
    private String admin;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void loadDemo() {
        Model model = Fixtures.exampleModel();
        server = LeadflowServer.start(Database.embedded(dir), model, "127.0.0.1", 0, CLOCK);
        admin = server.keys().create(Scope.ADMIN, CLOCK.millis());
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        ServeCommand.configure(server, HandoffFiles.bundledExampleWithoutWebhooks(), CLOCK, quiet);
        ServeCommand.loadDemo(server, model, CLOCK, quiet);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Authorization", "Bearer " + admin)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Every lead's full body ({@code GET /api/leads/{id}}), by id, found through the paged list. */
    private Map<String, JsonNode> allLeads() throws IOException, InterruptedException {
        Map<String, JsonNode> leads = new TreeMap<>();
        for (int offset = 0; ; offset += 500) {
            JsonNode page = get("/api/leads?limit=500&offset=" + offset);
            for (JsonNode l : page.get("leads")) {
                leads.put(
                        l.get("lead").asText(),
                        get("/api/leads/" + l.get("lead").asText()));
            }
            if (offset + 500 >= page.get("total").asInt()) {
                return leads;
            }
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** Where a timeline entry stands among entries of the same instant. */
    private static int rank(JsonNode entry) {
        return List.of("record", "transition", "handoff")
                .indexOf(entry.get("kind").asText());
    }

    private static Instant at(JsonNode n) {
        return Instant.parse(n.get("at").asText());
    }

    private static List<JsonNode> transitions(JsonNode lead) {
        return list(lead.get("timeline")).stream()
                .filter(e -> e.get("kind").asText().equals("transition"))
                .toList();
    }

    private static List<JsonNode> events(JsonNode lead, String type) {
        return list(lead.get("handoff_events")).stream()
                .filter(e -> e.get("type").asText().equals(type))
                .toList();
    }

    @Test
    @DisplayName("every sales rep of the bundled hand-off owns leads in the queue on first start, the one away too")
    void everyRepHasWork() {
        var config = server.live().configureHandoff().current().config();
        assertThat(config.teams().stream().flatMap(t -> t.members().stream()).filter(m -> !m.available()))
                .as("the example has a rep away")
                .isNotEmpty();
        for (var member :
                config.teams().stream().flatMap(t -> t.members().stream()).toList()) {
            assertThat(server.live()
                            .salesQueue()
                            .queue(Optional.of(member.id()), Optional.empty(), 0, 0, 1, CLOCK.millis())
                            .total())
                    .as(member.id())
                    .isPositive();
        }
    }

    @Test
    @DisplayName("the demo lists its sales reps busiest first, so that the first one a user tries has work")
    void repsListedBusiestFirst() {
        List<String> reps = server.live().configureHandoff().current().config().teams().stream()
                .flatMap(t -> t.members().stream())
                .map(m -> m.id())
                .distinct()
                .toList();
        String listed = ServeCommand.waiting(server, reps, CLOCK);
        assertThat(listed.split(", ")).hasSize(reps.size());
        String first = listed.split(", ")[0];
        assertThat(first).as(listed).matches("[a-z]+ \\(\\d+ waiting\\)");
        int waiting = server.live()
                .salesQueue()
                .queue(Optional.of(first.split(" ")[0]), Optional.empty(), 0, 0, 1, CLOCK.millis())
                .total();
        assertThat(waiting).isPositive();
        for (String rep : reps) {
            assertThat(server.live()
                            .salesQueue()
                            .queue(Optional.of(rep), Optional.empty(), 0, 0, 1, CLOCK.millis())
                            .total())
                    .as(rep)
                    .isLessThanOrEqualTo(waiting);
        }
    }

    @Test
    @DisplayName("every MQL is routed, every recycle enters a track, breaches fall at the clocks' due instants, "
            + "queues hold exactly the owned leads, and a restart reports the same")
    void consistent() throws Exception {
        Map<String, JsonNode> leads = allLeads();
        assertThat(leads).hasSize(ServeCommand.DEMO_LEADS);

        Map<String, Integer> counts = new TreeMap<>();
        int reassignedOnBreach = 0;
        int breachesChecked = 0;
        Map<String, Set<String>> owned = new HashMap<>();
        for (JsonNode lead : leads.values()) {
            String id = lead.get("lead").asText();
            lead.get("handoff_events").forEach(e -> counts.merge(e.get("type").asText(), 1, Integer::sum));
            List<JsonNode> moves = transitions(lead);

            // one timeline: the hand-off events in it are handoff_events, in order, each after
            // the records and transitions of its instant
            List<JsonNode> timeline = list(lead.get("timeline"));
            assertThat(timeline.stream()
                            .filter(e -> e.get("kind").asText().equals("handoff"))
                            .map(e -> e.get("event"))
                            .toList())
                    .as(id)
                    .isEqualTo(list(lead.get("handoff_events")));
            assertThat(timeline).extracting(e -> at(e)).as(id).isSorted();
            for (int i = 1; i < timeline.size(); i++) {
                if (at(timeline.get(i)).equals(at(timeline.get(i - 1)))) {
                    assertThat(rank(timeline.get(i))).as(id).isGreaterThanOrEqualTo(rank(timeline.get(i - 1)));
                }
            }

            // every MQL was routed at its instant: assigned, queued for a team, or told unrouted
            for (JsonNode mql : moves.stream()
                    .filter(t -> t.get("to").asText().equals("mql"))
                    .toList()) {
                assertThat(list(lead.get("handoff_events")))
                        .as(id + ": routed at " + mql.get("at") + "\n" + moves + "\n" + lead.get("handoff_events"))
                        .anySatisfy(e -> {
                            assertThat(e.get("type").asText()).isIn("assigned", "queued", "unrouted");
                            assertThat(at(e)).isEqualTo(at(mql));
                        });
            }
            // every recycle enters exactly one track, with its reason; SLA recycles were asked for by the desk
            List<JsonNode> recycles = moves.stream()
                    .filter(t -> t.get("to").asText().equals("recycled"))
                    .toList();
            List<JsonNode> entered = events(lead, "nurture_entered");
            assertThat(entered).as(id + ": one nurture entry per recycle").hasSameSizeAs(recycles);
            for (int i = 0; i < recycles.size(); i++) {
                assertThat(at(entered.get(i))).isEqualTo(at(recycles.get(i)));
                assertThat(entered.get(i).get("reason").asText())
                        .isEqualTo(recycles.get(i).get("reason").asText());
            }
            assertThat(events(lead, "recycle_requested"))
                    .as(id + ": SLA recycles")
                    .hasSameSizeAs(recycles.stream()
                            .filter(t -> t.get("reason").asText().equals("sla_breach")
                                    && t.get("actor").asText().equals("sla"))
                            .toList());
            assertThat(events(lead, "nurture_exited").size()).isLessThanOrEqualTo(entered.size());

            // a breach falls at the due instant of the clock its owner was given, and never after an accept
            JsonNode lastAssigned = null;
            for (JsonNode e : list(lead.get("handoff_events"))) {
                switch (e.get("type").asText()) {
                    case "assigned" -> {
                        lastAssigned = e;
                        reassignedOnBreach += e.get("by").asText().equals("sla_breach") ? 1 : 0;
                    }
                    case "sla_breached" -> {
                        String clock = e.get("clock").asText();
                        if (e.get("step").asInt() == 0 && lastAssigned != null && lastAssigned.has(clock)) {
                            assertThat(at(e))
                                    .as(id + ": " + e)
                                    .isEqualTo(Instant.parse(
                                            lastAssigned.get(clock).get("due").asText()));
                            breachesChecked++;
                        }
                        if (clock.equals("accept")) {
                            Instant mqlAt = moves.stream()
                                    .filter(t -> t.get("to").asText().equals("mql") && !at(t).isAfter(at(e)))
                                    .map(DemoHandoffTest::at)
                                    .reduce((a, b) -> b)
                                    .orElseThrow();
                            assertThat(moves)
                                    .as(id + ": no accept before the breach at " + at(e))
                                    .noneSatisfy(t -> {
                                        assertThat(t.get("to").asText()).isEqualTo("sal");
                                        assertThat(at(t)).isBetween(mqlAt, at(e).minusMillis(1));
                                    });
                        }
                    }
                    default -> {}
                }
            }

            // open MQLs and SALs are in the hand-off; everything else has no owner
            String stage = lead.get("stage").asText();
            boolean open = stage.equals("mql") || stage.equals("sal");
            assertThat(lead.at("/handoff/in_handoff").asBoolean())
                    .as(id + " in " + stage)
                    .isEqualTo(open);
            if (!open) {
                assertThat(lead.get("owner").isNull()).as(id + " in " + stage).isTrue();
            } else if (!lead.get("owner").isNull()) {
                owned.computeIfAbsent(lead.get("owner").asText(), o -> new TreeSet<>())
                        .add(id);
            }
        }

        assertThat(counts)
                .as("events of every kind")
                .containsKeys(
                        "assigned",
                        "sla_warning",
                        "sla_breached",
                        "recycle_requested",
                        "nurture_entered",
                        "nurture_exited");
        assertThat(reassignedOnBreach).as("escalations that reassigned").isPositive();
        assertThat(breachesChecked).as("breach instants checked").isGreaterThan(counts.get("sla_breached") / 2);

        // each member's queue is exactly the open leads they own
        for (String member : List.of("maria", "james", "anna", "lukas", "sofia", "tom", "priya")) {
            Set<String> queued = new TreeSet<>();
            get("/api/queue?owner=" + member)
                    .get("leads")
                    .forEach(l -> queued.add(l.get("id").asText()));
            assertThat(queued).as(member + "'s queue").isEqualTo(owned.getOrDefault(member, Set.of()));
        }
        // lukas is away: routing gives him nothing; what he holds a manager gave him by hand
        assertThat(owned.get("lukas")).as("lukas is away").isNotEmpty().allSatisfy(id -> {
            List<JsonNode> assigned = list(leads.get(id).get("handoff_events")).stream()
                    .filter(e -> e.get("type").asText().equals("assigned"))
                    .toList();
            assertThat(assigned.getLast().get("by").asText()).as(id).isEqualTo("manual");
            assertThat(assigned.getLast().get("owner").asText()).as(id).isEqualTo("lukas");
        });

        // a restart reports the same owners, clocks and events for every lead
        server.close();
        server = LeadflowServer.start(Database.embedded(dir), Fixtures.exampleModel(), "127.0.0.1", 0, CLOCK);
        Map<String, JsonNode> again = allLeads();
        for (Map.Entry<String, JsonNode> lead : leads.entrySet()) {
            JsonNode after = again.get(lead.getKey());
            assertThat(after.get("handoff"))
                    .as(lead.getKey())
                    .isEqualTo(lead.getValue().get("handoff"));
            assertThat(after.get("handoff_events"))
                    .as(lead.getKey())
                    .isEqualTo(lead.getValue().get("handoff_events"));
        }
    }
}
