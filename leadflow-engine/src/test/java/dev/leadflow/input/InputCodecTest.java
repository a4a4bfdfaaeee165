package dev.leadflow.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.lifecycle.Action;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The input codec")
class InputCodecTest {

    private final InputCodec codec = new InputCodec();

    private Input valid(String json) {
        InputCodec.Parsed p = codec.parse(json);
        assertThat(p).isInstanceOf(InputCodec.Parsed.Valid.class);
        return ((InputCodec.Parsed.Valid) p).input();
    }

    private String invalid(String json) {
        InputCodec.Parsed p = codec.parse(json);
        assertThat(p).isInstanceOf(InputCodec.Parsed.Invalid.class);
        return ((InputCodec.Parsed.Invalid) p).message();
    }

    @Nested
    @DisplayName("reads the Segment spec")
    class Reads {

        @Test
        @DisplayName("track: the event name in snake_case, properties and context flattened to dotted keys")
        void track() {
            Track t = (Track) valid("""
                    {"type":"track","messageId":"m1","timestamp":"2026-03-02T10:00:00.123456+01:00",
                     "userId":"u1","event":"Demo Requested","properties":{"plan":{"tier":"pro"},"seats":25,
                     "tags":["a","b"],"gone":null},"context":{"campaign":{"source":"google","medium":"cpc"}}}""");
            assertThat(t.name()).isEqualTo("demo_requested");
            assertThat(t.timestamp()).isEqualTo(Instant.parse("2026-03-02T09:00:00.123Z"));
            assertThat(t.properties().asMap())
                    .containsExactly(
                            Map.entry("plan.tier", "pro"),
                            Map.entry("seats", 25.0),
                            Map.entry("tags", List.of("a", "b")),
                            Map.entry("context.campaign.source", "google"),
                            Map.entry("context.campaign.medium", "cpc"));
        }

        @Test
        @DisplayName("page: the page's name and category are properties; rules match it as 'page'")
        void page() {
            Page p = (Page) valid("""
                    {"type":"page","messageId":"m1","timestamp":"2026-03-02T10:00:00Z","anonymousId":"a1",
                     "name":"Pricing","category":"pricing","properties":{"path":"/pricing"}}""");
            assertThat(p.name()).isEqualTo("page");
            assertThat(p.properties().asMap())
                    .containsEntry("name", "Pricing")
                    .containsEntry("category", "pricing")
                    .containsEntry("path", "/pricing");
            assertThat(p.userId()).isNull();
        }

        @Test
        @DisplayName("identify: nested traits become dotted attributes")
        void identify() {
            Identify i = (Identify) valid("""
                    {"type":"identify","messageId":"m1","timestamp":"2026-03-02T10:00:00Z","userId":"u1",
                     "anonymousId":"a1","traits":{"email":"a@b.co","company":{"name":"Acme","employees":250}}}""");
            assertThat(i.traits().asMap())
                    .containsExactly(
                            Map.entry("email", "a@b.co"),
                            Map.entry("company.name", "Acme"),
                            Map.entry("company.employees", 250.0));
        }

        @Test
        @DisplayName("group: traits land under company.*, and the groupId is company.id")
        void group() {
            Group g = (Group) valid("""
                    {"type":"group","messageId":"m1","timestamp":"2026-03-02T10:00:00Z","userId":"u1",
                     "groupId":"acme","traits":{"name":"Acme","employees":450,"industry":"software"}}""");
            assertThat(g.traits().asMap())
                    .containsExactly(
                            Map.entry("company.id", "acme"),
                            Map.entry("company.name", "Acme"),
                            Map.entry("company.employees", 450.0),
                            Map.entry("company.industry", "software"));
        }

        @Test
        @DisplayName("alias and lifecycle records")
        void aliasAndLifecycle() {
            assertThat(valid("""
                    {"type":"alias","messageId":"m1","timestamp":"2026-03-02T10:00:00Z","userId":"new",
                     "previousId":"old"}""")).isEqualTo(new Alias("m1", Instant.parse("2026-03-02T10:00:00Z"), "new", "old"));
            assertThat(valid("""
                    {"type":"lifecycle","messageId":"m2","timestamp":"2026-03-02T10:00:00Z","userId":"u1",
                     "action":"open_opportunity","amount":24000,"note":"Q2"}"""))
                    .isEqualTo(new LifecycleCommand(
                            "m2",
                            Instant.parse("2026-03-02T10:00:00Z"),
                            "u1",
                            Action.OPEN_OPPORTUNITY,
                            null,
                            "Q2",
                            "sales",
                            24000.0));
        }

        @Test
        @DisplayName("a record without messageId gets a stable id from its content, so copies deduplicate")
        void contentId() {
            String json = "{\"type\":\"page\",\"timestamp\":\"2026-03-02T10:00:00Z\",\"userId\":\"u1\"}";
            assertThat(valid(json).messageId())
                    .startsWith("sha256:")
                    .isEqualTo(valid(json).messageId());
            assertThat(valid(json.replace("u1", "u2")).messageId())
                    .isNotEqualTo(valid(json).messageId());
        }

        @Test
        @DisplayName("originalTimestamp when there is no timestamp")
        void originalTimestamp() {
            assertThat(valid("{\"type\":\"page\",\"originalTimestamp\":\"2026-03-02T10:00:00Z\",\"userId\":\"u\"}")
                            .timestamp())
                    .isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        }
    }

    @Test
    @DisplayName("writes every record type so that reading it back gives an equal record")
    void roundTrip() {
        List<String> lines = List.of(
                "{\"type\":\"track\",\"messageId\":\"m1\",\"timestamp\":\"2026-03-02T10:00:00Z\",\"userId\":\"u1\","
                        + "\"event\":\"x\",\"properties\":{\"a\":{\"b\":1.5},\"t\":[\"x\",true]},"
                        + "\"context\":{\"campaign\":{\"source\":\"g\"}}}",
                "{\"type\":\"page\",\"messageId\":\"m2\",\"timestamp\":\"2026-03-02T10:00:00Z\",\"anonymousId\":\"a\","
                        + "\"category\":\"pricing\"}",
                "{\"type\":\"identify\",\"messageId\":\"m3\",\"timestamp\":\"2026-03-02T10:00:00Z\",\"userId\":\"u\","
                        + "\"anonymousId\":\"a\",\"traits\":{\"job\":{\"title\":\"VP\"}}}",
                "{\"type\":\"group\",\"messageId\":\"m4\",\"timestamp\":\"2026-03-02T10:00:00Z\",\"userId\":\"u\","
                        + "\"groupId\":\"g\",\"traits\":{\"employees\":10}}",
                "{\"type\":\"alias\",\"messageId\":\"m5\",\"timestamp\":\"2026-03-02T10:00:00Z\",\"userId\":\"u\","
                        + "\"previousId\":\"p\"}",
                "{\"type\":\"lifecycle\",\"messageId\":\"m6\",\"timestamp\":\"2026-03-02T10:00:00Z\",\"userId\":\"u\","
                        + "\"action\":\"reject\",\"reason\":\"premature\",\"actor\":\"rep:a\"}");
        for (String line : lines) {
            Input in = valid(line);
            assertThat(valid(codec.write(in))).as(line).isEqualTo(in);
        }
    }

    @Test
    @DisplayName("refuses malformed records with a message naming the field")
    void refuses() {
        assertThat(invalid("{\"type\":")).startsWith("invalid JSON at column");
        assertThat(invalid("[1,2]")).isEqualTo("a record must be a JSON object");
        assertThat(invalid("{\"timestamp\":\"2026-03-02T10:00:00Z\"}")).startsWith("missing 'type'");
        assertThat(invalid("{\"type\":\"click\",\"timestamp\":\"2026-03-02T10:00:00Z\"}"))
                .isEqualTo("unknown type 'click' (expected one of identify, track, page, group, alias, lifecycle)");
        assertThat(invalid("{\"type\":\"page\",\"userId\":\"u\"}")).isEqualTo("missing 'timestamp'");
        assertThat(invalid("{\"type\":\"page\",\"userId\":\"u\",\"timestamp\":\"2026-03-02\"}"))
                .startsWith("'timestamp' is not an ISO-8601 time with offset: '2026-03-02'");
        assertThat(invalid("{\"type\":\"page\",\"userId\":\"u\",\"timestamp\":12}"))
                .startsWith("'timestamp' must be an ISO-8601 string");
        assertThat(invalid("{\"type\":\"page\",\"timestamp\":\"2026-03-02T10:00:00Z\"}"))
                .isEqualTo("a page record needs 'userId' or 'anonymousId'");
        assertThat(invalid("{\"type\":\"page\",\"userId\":{\"a\":1},\"timestamp\":\"2026-03-02T10:00:00Z\"}"))
                .isEqualTo("'userId' must be a string");
        assertThat(
                        invalid(
                                "{\"type\":\"track\",\"userId\":\"u\",\"timestamp\":\"2026-03-02T10:00:00Z\",\"event\":\"--\"}"))
                .isEqualTo("a track record needs a non-empty 'event' name");
        assertThat(
                        invalid(
                                "{\"type\":\"identify\",\"userId\":\"u\",\"timestamp\":\"2026-03-02T10:00:00Z\",\"traits\":[]}"))
                .isEqualTo("'traits' must be an object");
        assertThat(invalid("{\"type\":\"alias\",\"userId\":\"u\",\"timestamp\":\"2026-03-02T10:00:00Z\"}"))
                .isEqualTo("an alias record needs 'userId' and 'previousId'");
        assertThat(invalid("{\"type\":\"lifecycle\",\"anonymousId\":\"a\",\"timestamp\":\"2026-03-02T10:00:00Z\"}"))
                .startsWith("a lifecycle record needs 'userId'");
        assertThat(
                        invalid(
                                "{\"type\":\"lifecycle\",\"userId\":\"u\",\"action\":\"approve\",\"timestamp\":\"2026-03-02T10:00:00Z\"}"))
                .isEqualTo(
                        "unknown action 'approve' (expected one of accept, reject, touch, qualify, recycle, disqualify, "
                                + "open_opportunity, win, lose)");
        assertThat(invalid("{\"type\":\"lifecycle\",\"userId\":\"u\",\"action\":\"win\",\"amount\":\"lots\","
                        + "\"timestamp\":\"2026-03-02T10:00:00Z\"}"))
                .isEqualTo("'amount' must be a number");
    }

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @CsvSource({
        "Demo Requested,demo_requested",
        "demoRequested,demo_requested",
        "demo-requested,demo_requested",
        "DEMO_REQUESTED,demo_requested",
        "Page Viewed 2,page_viewed_2",
        "'  Form  Submitted! ',form_submitted",
        "content_downloaded,content_downloaded",
        "v2Signup,v2_signup"
    })
    @DisplayName("normalises event names to snake_case")
    void snakeCase(String name, String expected) {
        assertThat(EventNames.snakeCase(name)).isEqualTo(expected);
        assertThat(EventNames.isSnakeCase(expected)).isTrue();
    }

    @Test
    @DisplayName("regression: a line with a second JSON value after the record is refused, not half-read")
    void trailingJson() {
        assertThat(invalid(
                        "{\"type\":\"page\",\"userId\":\"u\",\"timestamp\":\"2026-03-02T10:00:00Z\"}{\"type\":\"x\"}"))
                .startsWith("invalid JSON");
    }

    @Test
    @DisplayName("regression: a timestamp too far out for epoch milliseconds is refused with a message")
    void extremeTimestamp() {
        assertThat(invalid("{\"type\":\"page\",\"userId\":\"u\",\"timestamp\":\"+300000000-01-01T00:00:00Z\"}"))
                .startsWith("'timestamp' is out of range");
    }
}
