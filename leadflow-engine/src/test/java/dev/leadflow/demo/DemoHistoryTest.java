package dev.leadflow.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.Outcome;
import dev.leadflow.input.Alias;
import dev.leadflow.input.Event;
import dev.leadflow.input.Group;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.input.Page;
import dev.leadflow.input.Track;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("A demo history")
class DemoHistoryTest {

    private static final Instant START = Instant.parse("2025-01-06T00:00:00Z");
    private static final DemoHistory.Options OPTIONS = new DemoHistory.Options(2000, 180, 42, START);

    private static Model model;
    private static List<Input> history;
    private static Replayed replayed;

    @BeforeAll
    static void generateOnce() throws IOException {
        model = exampleModel();
        history = DemoHistory.generate(model, OPTIONS);
        replayed = Replayed.of(model, history, OPTIONS.end().toEpochMilli());
    }

    private static Model exampleModel() throws IOException {
        try (InputStream in =
                DemoHistoryTest.class.getClassLoader().getResourceAsStream("dev/leadflow/examples/model.yaml")) {
            String text = new String(
                    Objects.requireNonNull(in, "example model on the classpath").readAllBytes(),
                    StandardCharsets.UTF_8);
            return switch (new ModelParser().parse(text)) {
                case ModelParser.Result.Valid v -> v.model();
                case ModelParser.Result.Invalid i -> throw new AssertionError("example model invalid: " + i.errors());
            };
        }
    }

    /** The history replayed in order through a fresh engine, and what happened. */
    private record Replayed(
            List<String> notApplied,
            int leads,
            Map<Stage, Integer> finalStages,
            Map<Stage, Integer> entries,
            Map<Stage, Integer> leadsEverIn,
            Map<String, Integer> rejections,
            int expired) {

        static Replayed of(Model model, List<Input> records, long end) {
            Map<Stage, Integer> entries = new EnumMap<>(Stage.class);
            Map<String, Integer> rejections = new HashMap<>();
            int[] expired = new int[1];
            Engine engine = new Engine(model, (lead, t) -> {
                entries.merge(t.to(), 1, Integer::sum);
                if (t.from() == Stage.MQL && t.actor().startsWith("rep:") && t.to() != Stage.SAL) {
                    rejections.merge(t.reason(), 1, Integer::sum);
                }
                if (t.from() == Stage.MQL && t.actor().equals(Engine.ACTOR_TIMER)) {
                    expired[0]++;
                }
            });
            List<String> notApplied = new ArrayList<>();
            for (Input r : records) {
                Outcome outcome = engine.apply(r);
                if (!(outcome instanceof Outcome.Applied)) {
                    notApplied.add(outcome + " for " + r);
                }
            }
            engine.advanceTo(end);
            Map<Stage, Integer> finalStages = new EnumMap<>(Stage.class);
            Map<Stage, Integer> everIn = new EnumMap<>(Stage.class);
            for (String id : engine.leadIds()) {
                finalStages.merge(engine.stage(id).orElseThrow(), 1, Integer::sum);
                Set<Stage> reached = EnumSet.noneOf(Stage.class);
                engine.snapshot(id, end).orElseThrow().transitions().stream()
                        .map(Transition::to)
                        .forEach(reached::add);
                reached.forEach(s -> everIn.merge(s, 1, Integer::sum));
            }
            return new Replayed(notApplied, engine.leadCount(), finalStages, entries, everIn, rejections, expired[0]);
        }

        int finalIn(Stage stage) {
            return finalStages.getOrDefault(stage, 0);
        }

        int entriesInto(Stage stage) {
            return entries.getOrDefault(stage, 0);
        }

        int everIn(Stage stage) {
            return leadsEverIn.getOrDefault(stage, 0);
        }
    }

    @Nested
    @DisplayName("is reproducible")
    class Reproducible {

        @Test
        @DisplayName("the same model and options give an equal list")
        void sameSeedSameHistory() {
            DemoHistory.Options options = new DemoHistory.Options(300, 60, 7, START);
            assertThat(DemoHistory.generate(model, options)).isEqualTo(DemoHistory.generate(model, options));
        }

        @Test
        @DisplayName("another seed gives another history")
        void otherSeedOtherHistory() {
            List<Input> a = DemoHistory.generate(model, new DemoHistory.Options(300, 60, 7, START));
            List<Input> b = DemoHistory.generate(model, new DemoHistory.Options(300, 60, 8, START));
            assertThat(a).isNotEqualTo(b);
            assertThat(a.stream().map(Input::timestamp).toList())
                    .isNotEqualTo(b.stream().map(Input::timestamp).toList());
        }
    }

    @Nested
    @DisplayName("is well-formed")
    class WellFormed {

        @Test
        @DisplayName("is sorted by timestamp")
        void sorted() {
            for (int i = 1; i < history.size(); i++) {
                assertThat(history.get(i).epochMillis())
                        .as("record %d", i)
                        .isGreaterThanOrEqualTo(history.get(i - 1).epochMillis());
            }
        }

        @Test
        @DisplayName("gives every record its own messageId")
        void uniqueMessageIds() {
            Set<String> ids = new HashSet<>();
            history.forEach(
                    r -> assertThat(ids.add(r.messageId())).as(r.messageId()).isTrue());
            assertThat(ids).allMatch(id -> id.startsWith("demo-42-"));
        }

        @Test
        @DisplayName("keeps every timestamp within the window")
        void withinWindow() {
            assertThat(history)
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.timestamp()).isBetween(START, OPTIONS.end()));
        }

        @Test
        @DisplayName("makes exactly one lead of each person")
        void oneLeadPerPerson() {
            assertThat(replayed.leads()).isEqualTo(OPTIONS.leads());
        }

        @Test
        @DisplayName("is unmodifiable")
        void unmodifiable() {
            assertThatThrownBy(() -> history.add(history.get(0))).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        @DisplayName("is empty for zero leads")
        void empty() {
            assertThat(DemoHistory.generate(model, new DemoHistory.Options(0, 30, 1, START)))
                    .isEmpty();
        }

        @Test
        @DisplayName("refuses options that make no sense")
        void badOptions() {
            assertThatThrownBy(() -> new DemoHistory.Options(-1, 30, 1, START))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("leads");
            assertThatThrownBy(() -> new DemoHistory.Options(10, 0, 1, START))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("days");
            assertThatThrownBy(() -> new DemoHistory.Options(10, 30, 1, null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    @DisplayName("replayed in order through a fresh engine")
    class Replaying {

        @Test
        @DisplayName("has every record applied: none refused, none a duplicate")
        void everythingApplied() {
            assertThat(replayed.notApplied()).isEmpty();
        }

        @Test
        @DisplayName("has sales act through every kind of lifecycle command, as named reps")
        void lifecycleCommands() {
            List<LifecycleCommand> commands = history.stream()
                    .filter(LifecycleCommand.class::isInstance)
                    .map(LifecycleCommand.class::cast)
                    .toList();
            assertThat(commands.stream().map(LifecycleCommand::action).collect(Collectors.toSet()))
                    .as("every action that moves a lead (the demo's reps do not log touches yet)")
                    .containsExactlyInAnyOrderElementsOf(
                            java.util.EnumSet.complementOf(java.util.EnumSet.of(Action.TOUCH)));
            assertThat(commands).allMatch(c -> c.actor().startsWith("rep:"));
            assertThat(commands)
                    .filteredOn(c -> c.action() == Action.OPEN_OPPORTUNITY)
                    .allMatch(c -> c.amount() != null && c.amount() > 0);
        }
    }

    @Nested
    @DisplayName("looks like a B2B funnel (2000 leads, 180 days)")
    class Funnel {

        @Test
        @DisplayName("a quarter to two fifths of leads stay anonymous visitors or subscribers")
        void unconverted() {
            double share =
                    (replayed.finalIn(Stage.VISITOR) + replayed.finalIn(Stage.SUBSCRIBER)) / (double) replayed.leads();
            assertThat(share).isBetween(0.25, 0.40);
            assertThat(replayed.finalIn(Stage.VISITOR)).isPositive();
            assertThat(replayed.finalIn(Stage.SUBSCRIBER)).isPositive();
        }

        @Test
        @DisplayName("a meaningful share of leads become MQLs, some of them more than once")
        void mqls() {
            assertThat(replayed.everIn(Stage.MQL) / (double) replayed.leads()).isBetween(0.08, 0.35);
            assertThat(replayed.entriesInto(Stage.MQL)).isGreaterThan(replayed.everIn(Stage.MQL));
        }

        @Test
        @DisplayName("sales accepts 60–80% of MQLs and qualifies 40–60% of SALs")
        void conversions() {
            double mqlToSal = replayed.entriesInto(Stage.SAL) / (double) replayed.entriesInto(Stage.MQL);
            double salToSql = replayed.entriesInto(Stage.SQL) / (double) replayed.entriesInto(Stage.SAL);
            assertThat(mqlToSal).isBetween(0.60, 0.80);
            assertThat(salToSql).isBetween(0.40, 0.60);
            assertThat(replayed.entriesInto(Stage.OPPORTUNITY)).isGreaterThan(replayed.entriesInto(Stage.SQL) / 2);
        }

        @Test
        @DisplayName("customers are a low single-digit to teens percent of MQLs")
        void customers() {
            double share = replayed.finalIn(Stage.CUSTOMER) / (double) replayed.everIn(Stage.MQL);
            assertThat(share).isBetween(0.02, 0.19);
        }

        @Test
        @DisplayName("premature is the most common reason to reject an MQL, and every reason occurs")
        void rejections() {
            Map<String, Integer> reasons = replayed.rejections();
            assertThat(reasons)
                    .containsKeys("premature", "not_icp", "inaccurate_data", "other", "duplicate", "competitor");
            int premature = reasons.get("premature");
            assertThat(reasons.values()).allMatch(n -> n <= premature);
        }

        @Test
        @DisplayName("a few MQLs expire before sales gets to them")
        void expiries() {
            assertThat(replayed.expired()).isPositive().isLessThan(replayed.entriesInto(Stage.MQL) / 5);
        }
    }

    @Nested
    @DisplayName("contains the behaviour a model scores")
    class Behaviour {

        private static Set<Object> values(String key) {
            return history.stream()
                    .filter(Event.class::isInstance)
                    .map(r -> ((Event) r).properties().get(key))
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet());
        }

        @Test
        @DisplayName("visitors arrive through every channel, paid search with medium cpc")
        void channels() {
            assertThat(values("context.campaign.medium"))
                    .contains("organic", "cpc", "social", "email", "referral", "display");
            assertThat(history)
                    .filteredOn(Page.class::isInstance)
                    .map(r -> (Page) r)
                    .anyMatch(p -> p.properties().get("context.campaign.source") == null
                            && p.properties().get("context.page.referrer") == null);
        }

        @Test
        @DisplayName("pages of every scored category are viewed, careers included")
        void pageCategories() {
            assertThat(values("category"))
                    .contains("pricing", "product", "integrations", "security", "careers", "blog");
        }

        @Test
        @DisplayName("content of every funnel stage is downloaded, and e-mail, webinar and hand-raiser events occur")
        void events() {
            assertThat(values("funnel_stage")).containsExactlyInAnyOrder("tofu", "mofu", "bofu");
            Set<String> names = history.stream()
                    .filter(Track.class::isInstance)
                    .map(r -> ((Track) r).name())
                    .collect(Collectors.toSet());
            assertThat(names)
                    .contains(
                            "form_submitted",
                            "content_downloaded",
                            "webinar_registered",
                            "webinar_attended",
                            "email_opened",
                            "email_clicked",
                            "newsletter_subscribed",
                            "unsubscribed",
                            "demo_requested",
                            "contact_requested");
        }

        @Test
        @DisplayName("people identify on a form from their cookie, some with free-mail addresses, and join accounts")
        void identities() {
            List<Identify> identifies = history.stream()
                    .filter(Identify.class::isInstance)
                    .map(Identify.class::cast)
                    .toList();
            assertThat(identifies).isNotEmpty().allMatch(i -> i.userId() != null && i.anonymousId() != null);
            assertThat(identifies)
                    .anyMatch(i -> String.valueOf(i.traits().get("email")).endsWith("@gmail.com"));
            assertThat(identifies)
                    .extracting(i -> i.traits().get("job.seniority"))
                    .filteredOn(Objects::nonNull)
                    .containsAll(List.of(Persona.SENIORITIES));
            assertThat(history)
                    .filteredOn(Group.class::isInstance)
                    .map(r -> (Group) r)
                    .allMatch(g -> g.traits().get("company.employees") instanceof Double)
                    .isNotEmpty();
        }

        @Test
        @DisplayName("a few CRM aliases replace e-mail-based ids")
        void aliases() {
            List<Alias> aliases = history.stream()
                    .filter(Alias.class::isInstance)
                    .map(Alias.class::cast)
                    .toList();
            assertThat(aliases)
                    .isNotEmpty()
                    .allMatch(a -> a.previousId().contains("@") && a.userId().startsWith("00Q"));
            assertThat(aliases.size()).isLessThan(OPTIONS.leads() / 10);
        }
    }
}
