package dev.leadflow.web;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@link #LIMIT} failed logins for one user name within
 * {@link #WINDOW}, further tries for that name are refused, unchecked, until the oldest failure
 * leaves the window. (Each check costs a PBKDF2 hash, so refusing early also spares the CPU.)
 * Thread-safe.
 */
final class LoginThrottle {

    static final int LIMIT = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final ConcurrentHashMap<String, Deque<Long>> failures = new ConcurrentHashMap<>();
    private final InstantSource clock;

    LoginThrottle(InstantSource clock) {
        this.clock = clock;
    }

    /** How long {@code username} must wait before trying again; zero when it may try now. */
    Duration wait(String username) {
        long now = clock.millis();
        Deque<Long> times = failures.get(key(username));
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            times.removeIf(t -> now - t >= WINDOW.toMillis());
            return times.size() < LIMIT ? Duration.ZERO : Duration.ofMillis(times.peekFirst() + WINDOW.toMillis() - now);
        }
    }

    void failed(String username) {
        Deque<Long> times = failures.computeIfAbsent(key(username), k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(clock.millis());
            while (times.size() > LIMIT) {
                times.removeFirst();
            }
        }
    }

    void succeeded(String username) {
        failures.remove(key(username));
    }

    private static String key(String username) {
        String k = username.toLowerCase(Locale.ROOT);
        return k.length() > 64 ? k.substring(0, 64) : k;
    }
}
