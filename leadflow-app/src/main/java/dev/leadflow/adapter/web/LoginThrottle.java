package dev.leadflow.adapter.web;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing without locking out the real user. After {@link #LIMIT} failed logins
 * for one user name from one client address within {@link #WINDOW}, that pair waits until the
 * oldest failure leaves the window; after {@link #ADDRESS_LIMIT} failures from one address (any
 * names, so random names do not pass), that address waits. The same name from another address is
 * not held back: five wrong passwords typed by someone else leave the owner free to log in. The
 * address may be a known device's id instead ({@link KnownDevices}), so a browser that signed in
 * before is not held back by guesses from its network.
 * Refused tries are not checked, so they cost no PBKDF2 hash ({@link PasswordChecks} bounds the
 * ones that are). Thread-safe; memory is bounded by dropping entries whose failures left the window.
 */
final class LoginThrottle {

    static final int LIMIT = 5;
    static final int ADDRESS_LIMIT = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    /** Beyond this many names or addresses remembered, those with no failure left in the window are dropped. */
    private static final int PRUNE_AT = 100_000;

    private final Failures byPair = new Failures(LIMIT);
    private final Failures byAddress = new Failures(ADDRESS_LIMIT);
    private final InstantSource clock;

    LoginThrottle(InstantSource clock) {
        this.clock = clock;
    }

    /** Why and how long a login must wait. */
    record Wait(Duration time, String why) {
        static final Wait NONE = new Wait(Duration.ZERO, "");

        boolean none() {
            return time.isZero();
        }
    }

    /** How long {@code username} from {@code address} must wait before trying again; {@link Wait#NONE} when it may try now. */
    Wait wait(String username, String address) {
        long now = clock.millis();
        Duration fromAddress = byAddress.wait(address, now);
        if (!fromAddress.isZero()) {
            return new Wait(fromAddress, "Too many failed logins from your address");
        }
        Duration pair = byPair.wait(pair(username, address), now);
        return pair.isZero() ? Wait.NONE : new Wait(pair, "Too many failed logins for this user name");
    }

    void failed(String username, String address) {
        long now = clock.millis();
        byPair.add(pair(username, address), now);
        byAddress.add(address, now);
    }

    void succeeded(String username, String address) {
        byPair.clear(pair(username, address));
    }

    private static String pair(String username, String address) {
        String name = username.toLowerCase(Locale.ROOT);
        return address + '\u0000' + (name.length() > 64 ? name.substring(0, 64) : name);
    }

    /** The times of the last failures per key, at most {@code limit} each. */
    private static final class Failures {
        private final ConcurrentHashMap<String, Deque<Long>> times = new ConcurrentHashMap<>();
        private final int limit;

        Failures(int limit) {
            this.limit = limit;
        }

        Duration wait(String key, long now) {
            Deque<Long> t = times.get(key);
            if (t == null) {
                return Duration.ZERO;
            }
            synchronized (t) {
                t.removeIf(at -> now - at >= WINDOW.toMillis());
                return t.size() < limit ? Duration.ZERO : Duration.ofMillis(t.peekFirst() + WINDOW.toMillis() - now);
            }
        }

        void add(String key, long now) {
            if (times.size() >= PRUNE_AT) {
                times.values().removeIf(t -> {
                    synchronized (t) {
                        return t.isEmpty() || now - t.peekLast() >= WINDOW.toMillis();
                    }
                });
            }
            Deque<Long> t = times.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (t) {
                t.addLast(now);
                while (t.size() > limit) {
                    t.removeFirst();
                }
            }
        }

        void clear(String key) {
            times.remove(key);
        }
    }
}
