package dev.leadflow.adapter.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * When a failed webhook delivery is tried again: exponential backoff from {@link #FIRST} doubling
 * up to {@link #CAP}, with "equal jitter" (half the delay fixed, half random) so that receivers
 * coming back up are not hit by every delivery at once; retried for {@link #GIVE_UP_AFTER} from
 * the first attempt (more than a day of a receiver being down), then dead-lettered. The jitter is
 * drawn from the delivery's id and attempt, so a schedule is reproducible. Thread-safe.
 */
public final class Backoff {

    public static final Duration FIRST = Duration.ofSeconds(10);
    public static final Duration CAP = Duration.ofHours(1);
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(25);

    private Backoff() {}

    /** The wait after failed attempt {@code attempt} (1 for the first try) of delivery {@code deliveryId}. */
    public static Duration delay(String deliveryId, int attempt) {
        long full = CAP.toMillis();
        if (attempt < 20) {
            full = Math.min(full, FIRST.toMillis() << (attempt - 1));
        }
        long half = full / 2;
        long seed = deliveryId.hashCode() * 0x9E3779B97F4A7C15L + attempt;
        return Duration.ofMillis(half + new SplittableRandom(seed).nextLong(half + 1));
    }

    /**
     * When to try again after failed attempt {@code attempt} at {@code now}, for a delivery first
     * tried at {@code firstAttempt}; empty when it is time to give up (dead letter).
     */
    public static Optional<Instant> next(String deliveryId, int attempt, Instant firstAttempt, Instant now) {
        Instant next = now.plus(delay(deliveryId, attempt));
        return next.isAfter(firstAttempt.plus(GIVE_UP_AFTER)) ? Optional.empty() : Optional.of(next);
    }
}
