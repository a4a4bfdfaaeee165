package dev.leadflow.store;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Storage on the embedded SQLite database")
class SqliteStoreTest extends StoreContract {

    @TempDir
    Path dir;

    @Override
    Database freshDatabase() {
        return Database.embedded(dir);
    }

    @Override
    Database reopen() {
        return Database.embedded(dir);
    }
}
