package dev.leadflow.adapter.http;

import dev.leadflow.app.port.Keys;
import dev.leadflow.app.port.Scope;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Authentication of the management API, in one place: before a route with an {@link Access} role
 * runs, the request's bearer key must allow it, else the answer is 401 (no or unknown key) or 403
 * (a key of too small a scope) and the route does not run.
 */
final class ApiKeys {

    /** The request attribute holding the key that passed. */
    private static final String KEY = "leadflow.key";

    private final Keys keys;

    /** Who acts with {@code key}, and from where: the request's client address. */
    static dev.leadflow.app.port.AuditLog.Actor actor(Context ctx, Keys.Key key) {
        return new dev.leadflow.app.port.AuditLog.Actor("key:" + key.id(), ctx.ip());
    }

    ApiKeys(Keys keys) {
        this.keys = keys;
    }

    /** The {@code beforeMatched} handler: checks the key of a route that needs one. */
    void authenticate(Context ctx) {
        Access needed = null;
        for (var role : ctx.routeRoles()) {
            if (role instanceof Access a) {
                needed = a;
            }
        }
        if (needed == null) {
            return; // an open route, or a page (the dashboard signs its users in itself)
        }
        Optional<Keys.Key> key = check(ctx, needed.scope);
        if (key.isPresent()) {
            ctx.attribute(KEY, key.get());
        } else {
            ctx.skipRemainingHandlers();
        }
    }

    /** The key {@link #authenticate} let through. */
    static Keys.Key of(Context ctx) {
        Keys.Key key = ctx.attribute(KEY);
        if (key == null) {
            throw new IllegalStateException(ctx.path() + " was routed without a checked key");
        }
        return key;
    }

    /** The API key of a request if it allows {@code needed}, or an answered 401/403. */
    private Optional<Keys.Key> check(Context ctx, Scope needed) {
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip()
                : null;
        Optional<Keys.Key> key = token == null ? Optional.empty() : keys.authenticate(token);
        if (key.isEmpty()) {
            Answers.drain(ctx);
            ctx.header("WWW-Authenticate", "Bearer realm=\"leadflow\"");
            Answers.error(ctx, 401, "an API key is required: Authorization: Bearer <key>");
            return Optional.empty();
        }
        if (!key.get().scope().allows(needed)) {
            Answers.drain(ctx);
            Answers.error(
                    ctx,
                    403,
                    "key " + key.get().id() + " has scope '" + key.get().scope().wireName() + "'; this needs "
                            + switch (needed) {
                                case ACT -> "an act (or admin) key";
                                case ADMIN -> "an admin key";
                                default -> "a read, act or admin key";
                            });
            return Optional.empty();
        }
        return key;
    }
}
