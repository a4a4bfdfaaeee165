package dev.leadflow.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Login throttling: by name and address, and by address across names")
class LoginThrottleTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    @DisplayName("five failures hold that name back from that address only, until the oldest leaves the window")
    void byNameAndAddress() {
        for (int i = 0; i < LoginThrottle.LIMIT; i++) {
            assertThat(throttle.wait("Bob", "10.0.0.9").none()).isTrue();
            throttle.failed("Bob", "10.0.0.9");
            clock.set(clock.instant().plusSeconds(60));
        }
        LoginThrottle.Wait wait = throttle.wait("bob", "10.0.0.9");
        assertThat(wait.time()).isEqualTo(LoginThrottle.WINDOW.minusMinutes(LoginThrottle.LIMIT));
        assertThat(wait.why()).contains("for this user name");
        assertThat(throttle.wait("bob", "10.0.0.1").none())
                .as("the owner elsewhere")
                .isTrue();
        assertThat(throttle.wait("ann", "10.0.0.9").none())
                .as("another name there")
                .isTrue();
        clock.set(clock.instant().plus(wait.time()));
        assertThat(throttle.wait("bob", "10.0.0.9").none()).isTrue();
    }

    @Test
    @DisplayName("random names from one address are held back after twenty failures; a success clears only its pair")
    void byAddress() {
        throttle.failed("ann", "10.0.0.7");
        throttle.failed("ann", "10.0.0.7");
        throttle.succeeded("ann", "10.0.0.7");
        for (int i = 0; i < LoginThrottle.ADDRESS_LIMIT - 2; i++) {
            assertThat(throttle.wait("user" + i, "10.0.0.7").none()).isTrue();
            throttle.failed("user" + i, "10.0.0.7");
        }
        LoginThrottle.Wait wait = throttle.wait("anyone", "10.0.0.7");
        assertThat(wait.time()).isEqualTo(LoginThrottle.WINDOW);
        assertThat(wait.why()).contains("from your address");
        assertThat(throttle.wait("anyone", "10.0.0.8").none()).isTrue();
        clock.set(clock.instant().plus(LoginThrottle.WINDOW).plus(Duration.ofMillis(1)));
        assertThat(throttle.wait("anyone", "10.0.0.7").none()).isTrue();
    }
}
