package dev.leadflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import dev.leadflow.Fixtures;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.port.Scope;
import dev.leadflow.server.LeadflowServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official Segment Java library, pointed at Leadflow, works unchanged. */
@DisplayName("The Segment Java client against Leadflow")
class SegmentClientTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("identify, track, page, group and alias arrive; the lead is scored, joined and qualified")
    void segmentClient() throws Exception {
        var model = Fixtures.exampleModel();
        try (LeadflowServer server =
                LeadflowServer.start(Database.embedded(dir), model, "127.0.0.1", 0, InstantSource.system())) {
            String writeKey = server.keys().create(Scope.WRITE, 0L);
            String readKey = server.keys().create(Scope.READ, 0L);
            CountDownLatch delivered = new CountDownLatch(5);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            Analytics analytics = Analytics.builder(writeKey)
                    .endpoint("http://127.0.0.1:" + server.port())
                    .retries(1)
                    .callback(new Callback() {
                        @Override
                        public void success(Message message) {
                            delivered.countDown();
                        }

                        @Override
                        public void failure(Message message, Throwable throwable) {
                            failures.add(throwable);
                            delivered.countDown();
                        }
                    })
                    .build();
            try {
                analytics.enqueue(
                        PageMessage.builder("Pricing").anonymousId("a-seg").properties(Map.of("category", "pricing")));
                analytics.enqueue(IdentifyMessage.builder()
                        .userId("u-seg")
                        .anonymousId("a-seg")
                        .traits(Map.of("email", "ana@acme.io", "job", Map.of("seniority", "vp"))));
                analytics.enqueue(GroupMessage.builder("acme")
                        .userId("u-seg")
                        .traits(Map.of("name", "Acme", "employees", 500, "industry", "software")));
                analytics.enqueue(TrackMessage.builder("Demo Requested").userId("u-seg"));
                analytics.enqueue(AliasMessage.builder("seg-old-id").userId("u-seg"));
                analytics.flush();
                assertThat(delivered.await(30, TimeUnit.SECONDS))
                        .as("the client reported every message")
                        .isTrue();
            } finally {
                analytics.shutdown();
            }
            assertThat(failures).isEmpty();
            assertThat(server.store().count()).isEqualTo(5);

            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/leads/u-seg"))
                                    .header("Authorization", "Bearer " + readKey)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode lead = new ObjectMapper().readTree(response.body());
            assertThat(lead.get("stage").asText()).isEqualTo("mql");
            assertThat(lead.get("anonymous_ids")).extracting(JsonNode::asText).contains("a-seg");
            assertThat(lead.get("profile").get("company.name").asText()).isEqualTo("Acme");
            assertThat(lead.get("profile").get("job.seniority").asText()).isEqualTo("vp");
            List<String> rules = lead.get("ledger").findValuesAsText("rule");
            assertThat(rules).contains("decision-maker", "mid-market", "target-industry", "pricing-page");
            assertThat(server.live().leadQueries().leadIds()).containsExactly("u-seg");
        }
    }
}
