package dev.leadflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Fixtures;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.input.Page;
import dev.leadflow.model.Model;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Redaction: an erased person's records, pseudonymous, with stand-ins the model answers alike")
class RedactionTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private final Model model = Fixtures.exampleModel();

    private Map<String, Object> traits(Map<String, Object> traits) {
        Redaction r = new Redaction(model, null, "t0k");
        Input in = r.redact(new Identify("m1", T, "greta", "cookie", Fields.of(traits)));
        return ((Identify) in).traits().asMap();
    }

    @Test
    @DisplayName("each trait the model reads becomes a value of the model's own that every rule answers alike;"
            + " the others go")
    void standIns() {
        assertThat(traits(Map.of(
                        "company.employees", 400.0,
                        "company.industry", "Software",
                        "company.name", "Quillfeather Instruments GmbH",
                        "email", "greta@gmail.com",
                        "job.title", "Student of physics",
                        "phone", "+49 30 5550199")))
                .isEqualTo(Map.of(
                        "company.employees", 200.0, // the threshold of mid-market, not the person's size
                        "company.industry", "software",
                        "company.name", "(erased)", // present, for no-company's exists: false
                        "email", "@gmail.", // what free-email's pattern found, no more
                        "job.title", "student"));
        assertThat(traits(
                        Map.of("company.employees", 50.0, "company.industry", "aerospace", "email", "g@quill.example")))
                .as("values no rule matches go, where absence answers alike")
                .isEqualTo(Map.of("company.employees", 199.0)); // inside small-business: [20, 200)
    }

    @Test
    @DisplayName("ids and messageIds become pseudonyms under one token, consistently; notes go; properties keep"
            + " what the rules read and the attribution")
    void pseudonyms() {
        Redaction r = new Redaction(model, null, "t0k");
        Page page = (Page) r.redact(new Page(
                "p-greta",
                T,
                null,
                "cookie",
                Fields.of(Map.of(
                        "category", "pricing",
                        "path", "/pricing?email=greta@quill.example",
                        "context.campaign.source", "google",
                        "context.ip", "198.51.100.23"))));
        Identify identify = (Identify) r.redact(new Identify("id-greta", T, "greta", "cookie", Fields.empty()));
        LifecycleCommand accept = (LifecycleCommand) r.redact(new LifecycleCommand(
                "a-1", T, "greta", dev.leadflow.lifecycle.Action.ACCEPT, null, "called her mobile", "ann", null));
        assertThat(page.anonymousId()).isEqualTo(identify.anonymousId()).startsWith("erased:t0k");
        assertThat(identify.userId()).isEqualTo(accept.userId()).isEqualTo(r.leadId("greta"));
        assertThat(r.leadId("anon:cookie")).isEqualTo("anon:" + page.anonymousId());
        assertThat(page.messageId()).startsWith("erased:t0k.m").isNotEqualTo(identify.messageId());
        assertThat(accept.note()).isNull();
        assertThat(accept.actor()).isEqualTo("ann");
        assertThat(page.properties().asMap())
                .isEqualTo(Map.of(
                        "category", "pricing",
                        "path", "/pricing", // the landing page without its query, which may name the person
                        "context.campaign.source", "google"));
        assertThat(r.ids()).containsKeys("greta", "cookie", "p-greta", "id-greta", "a-1");
        assertThat(r.unmatched()).isEmpty();
    }
}
