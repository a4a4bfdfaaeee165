package dev.leadflow.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Webhook signatures and retry schedule")
class WebhookSignatureTest {

    private static final String SECRET = "whsec_test_secret_0123";
    private static final byte[] BODY = "{\"type\":\"assigned\",\"lead\":\"u-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    @DisplayName("signs t.body with HMAC-SHA256 as Stripe does (the vector computed independently with Python's hmac)")
    void knownVector() {
        assertThat(WebhookSignature.sign(SECRET, 1_763_900_000L, BODY))
                .isEqualTo("t=1763900000,v1=bf4753ac3ae294fde261491025ad321f428d750124401b705fe53e36764a9711");
    }

    @Test
    @DisplayName(
            "verifies a good signature; refuses a changed body, another secret, a stale time and malformed headers")
    void verify() {
        String header = WebhookSignature.sign(SECRET, 1_000, BODY);
        assertThat(WebhookSignature.verify(SECRET, header, BODY, 1_100, 300)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, "t=1000,v1=00ff," + header.substring(7), BODY, 1_000, 300))
                .as("one of several v1 values (a rotation)")
                .isTrue();
        byte[] changed = BODY.clone();
        changed[3] ^= 1;
        assertThat(WebhookSignature.verify(SECRET, header, changed, 1_000, 300)).isFalse();
        assertThat(WebhookSignature.verify("another-secret-0123", header, BODY, 1_000, 300))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, BODY, 1_301, 300))
                .as("a replay after 5 minutes")
                .isFalse();
        for (String bad : new String[] {null, "", "t=1000", "v1=abcd", "t=x,v1=ab", "t=1000,v1=zz", "garbage"}) {
            assertThat(WebhookSignature.verify(SECRET, bad, BODY, 1_000, 300))
                    .as("%s", bad)
                    .isFalse();
        }
    }

    @Test
    @DisplayName(
            "retries back off from 10 s doubling to an hour with jitter, keep going for more than 24 h, then give up")
    void backoff() {
        Instant first = Instant.parse("2026-11-23T10:00:00Z");
        Instant at = first;
        int attempt = 1;
        Optional<Instant> next;
        while ((next = Backoff.next("d-1", attempt, first, at)).isPresent()) {
            Duration wait = Duration.between(at, next.get());
            long full = Math.min(Backoff.CAP.toMillis(), Backoff.FIRST.toMillis() << Math.min(attempt - 1, 20));
            assertThat(wait.toMillis()).as("attempt %d", attempt).isBetween(full / 2, full);
            at = next.get();
            attempt++;
        }
        assertThat(Duration.between(first, at)).as("the last try").isGreaterThan(Duration.ofHours(24));
        assertThat(attempt).isBetween(30, 60);
        assertThat(Backoff.delay("d-1", 3)).as("reproducible").isEqualTo(Backoff.delay("d-1", 3));
        Set<Duration> spread = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            spread.add(Backoff.delay("d-" + i, 5));
        }
        assertThat(spread).as("jitter spreads deliveries").hasSizeGreaterThan(40);
    }
}
