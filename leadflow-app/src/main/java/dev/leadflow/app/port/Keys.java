package dev.leadflow.app.port;

import java.util.Optional;

/** API and write keys, as the adapters check them. Thread-safe. */
public interface Keys {

    /** A key that authenticated, by its public id. */
    record Key(String id, Scope scope) {}

    /** The key presented, if it is a live one. */
    Optional<Key> authenticate(String presented);
}
