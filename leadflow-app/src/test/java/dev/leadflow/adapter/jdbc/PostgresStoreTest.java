package dev.leadflow.adapter.jdbc;

import dev.leadflow.TestDatabase;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;

/** The same contract on a real PostgreSQL server ({@link TestDatabase#POSTGRESQL}). */
@DisplayName("Storage on PostgreSQL")
class PostgresStoreTest extends StoreContract {

    private Supplier<Database> database;

    @Override
    Database freshDatabase() {
        database = TestDatabase.POSTGRESQL.fresh(null);
        return database.get();
    }

    @Override
    Database reopen() {
        return database.get();
    }
}
