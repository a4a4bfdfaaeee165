package dev.leadflow.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.TestClock;
import dev.leadflow.app.port.Users;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Password checks run on a bounded pool and are refused beyond it")
class PasswordChecksTest {

    private static final Users.User ANN = new Users.User("ann", Users.Role.SALES, "ann");
    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T09:00:00Z"));

    @Test
    @DisplayName("strangers' checks: a burst at once, then half a check a second; known devices are not bound by it")
    void strangersRate() {
        PasswordChecks checks = new PasswordChecks((name, password) -> Optional.empty(), clock, LoginLimits.DEFAULT);
        for (int i = 0; i < LoginLimits.DEFAULT.strangerBurst(); i++) {
            assertThat(checks.check("x" + i, new char[0], false))
                    .as("check %d of the burst", i)
                    .isEqualTo(new PasswordChecks.Outcome.Wrong());
        }
        assertThat(checks.check("x", new char[0], false)).isEqualTo(new PasswordChecks.Outcome.Busy());
        assertThat(checks.check("x", new char[0], true))
                .as("a known device")
                .isEqualTo(new PasswordChecks.Outcome.Wrong());
        clock.set(clock.instant().plusMillis(1_999));
        assertThat(checks.check("x", new char[0], false))
                .as("before two seconds")
                .isEqualTo(new PasswordChecks.Outcome.Busy());
        clock.set(clock.instant().plusMillis(1));
        assertThat(checks.check("x", new char[0], false)).isEqualTo(new PasswordChecks.Outcome.Wrong());
        assertThat(checks.check("x", new char[0], false)).isEqualTo(new PasswordChecks.Outcome.Busy());
        clock.set(clock.instant().plus(Duration.ofHours(1)));
        for (int i = 0; i < LoginLimits.DEFAULT.strangerBurst(); i++) {
            assertThat(checks.check("y" + i, new char[0], false))
                    .as("a quiet hour gives a burst, not more")
                    .isEqualTo(new PasswordChecks.Outcome.Wrong());
        }
        assertThat(checks.check("y", new char[0], false)).isEqualTo(new PasswordChecks.Outcome.Busy());
    }

    @Test
    @DisplayName("a right password is valid, a wrong one is wrong")
    void outcomes() {
        PasswordChecks checks = new PasswordChecks(
                (name, password) -> new String(password).equals("secret") ? Optional.of(ANN) : Optional.empty(),
                clock,
                LoginLimits.DEFAULT,
                1,
                1);
        assertThat(checks.check("ann", "secret".toCharArray(), false)).isEqualTo(new PasswordChecks.Outcome.Valid(ANN));
        assertThat(checks.check("ann", "guess".toCharArray(), false)).isEqualTo(new PasswordChecks.Outcome.Wrong());
    }

    @Test
    @Timeout(30)
    @DisplayName("with every thread busy and the queue full, the next check is refused at once, not queued")
    void busy() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PasswordChecks checks = new PasswordChecks(
                (name, password) -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.of(ANN);
                },
                clock,
                LoginLimits.DEFAULT,
                1,
                1);
        ExecutorService callers = Executors.newFixedThreadPool(2); // the common pool may have one thread
        CompletableFuture<PasswordChecks.Outcome> running =
                CompletableFuture.supplyAsync(() -> checks.check("ann", new char[0], false), callers);
        started.await(); // the one thread is hashing
        CompletableFuture<PasswordChecks.Outcome> queued =
                CompletableFuture.supplyAsync(() -> checks.check("ann", new char[0], false), callers);
        while (checks.queued() < 1) { // until the second check has taken the one place in the queue
            Thread.onSpinWait();
        }
        assertThat(checks.check("ann", new char[0], false)).isEqualTo(new PasswordChecks.Outcome.Busy());
        release.countDown();
        assertThat(running.get()).isEqualTo(new PasswordChecks.Outcome.Valid(ANN));
        assertThat(queued.get()).isEqualTo(new PasswordChecks.Outcome.Valid(ANN));
        callers.shutdown();
    }
}
