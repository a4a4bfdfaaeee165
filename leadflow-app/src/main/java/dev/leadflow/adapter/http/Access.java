package dev.leadflow.adapter.http;

import dev.leadflow.app.port.Scope;
import io.javalin.security.RouteRole;

/**
 * What a management route needs: an API key ({@code Authorization: Bearer …}) whose scope allows
 * this one. A route registers it as its role; {@link ApiKeys#authenticate} checks it once, before
 * any route runs.
 */
enum Access implements RouteRole {
    READ(Scope.READ),
    ACT(Scope.ACT),
    ADMIN(Scope.ADMIN);

    final Scope scope;

    Access(Scope scope) {
        this.scope = scope;
    }
}
