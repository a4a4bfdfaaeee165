package dev.leadflow.adapter.http;

import dev.leadflow.app.port.Keys;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** Where each API adds its routes: management routes with the access they need, open ones without. */
interface Routes {

    /** A route run only for a request whose API key allows {@code access}; the handler gets that key. */
    void add(String method, String path, Access access, KeyedHandler handler);

    /** A route without an API key: ingestion (write keys, checked by itself), health, the API's description. */
    void open(String method, String path, Handler handler);

    /** A route's work, for a request whose key was checked. */
    @FunctionalInterface
    interface KeyedHandler {
        void handle(Context ctx, Keys.Key key) throws Exception;
    }
}
