package dev.leadflow.adapter.web;

import dev.leadflow.app.port.Users;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Dashboard sessions, in memory: a random 256-bit token (the cookie) maps to the user and the
 * session's CSRF token. A session ends after {@link #IDLE} without a request, after {@link #MAX}
 * in all, or on logout; a restart ends them all (users log in again). Thread-safe.
 */
final class Sessions {

    static final Duration IDLE = Duration.ofHours(12);
    static final Duration MAX = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signed-in user; {@code csrf} must come back with every form the session posts. */
    record Session(String token, Users.User user, String csrf, long started, long lastSeen) {}

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final InstantSource clock;

    Sessions(InstantSource clock) {
        this.clock = clock;
    }

    Session start(Users.User user) {
        long now = clock.millis();
        sessions.values().removeIf(s -> expired(s, now));
        Session s = new Session(token(), user, token(), now, now);
        sessions.put(s.token(), s);
        return s;
    }

    /** The live session of {@code token}, its idle time restarted. */
    Optional<Session> get(@Nullable String token) {
        if (token == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        Session s = sessions.computeIfPresent(
                token,
                (t, old) -> expired(old, now) ? null : new Session(t, old.user(), old.csrf(), old.started(), now));
        return Optional.ofNullable(s);
    }

    void end(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    private static boolean expired(Session s, long now) {
        return now - s.lastSeen() >= IDLE.toMillis() || now - s.started() >= MAX.toMillis();
    }

    /** 32 random bytes, URL-safe base64. */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
