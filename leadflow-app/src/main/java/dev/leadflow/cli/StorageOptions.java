package dev.leadflow.cli;

import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.app.port.StoreException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the server keeps its data: {@code --data DIR} (embedded) or {@code --db JDBC-URL}. */
final class StorageOptions {

    @Option(
            names = "--data",
            paramLabel = "DIR",
            defaultValue = "data",
            description = "Directory of the embedded database (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(
            names = "--db",
            paramLabel = "JDBC-URL",
            description = "A PostgreSQL database instead, e.g. jdbc:postgresql://localhost/leadflow?user=…")
    String db;

    /** Opens (and migrates) the database, or fails with a message for the user. */
    Database open() {
        try {
            return db == null ? Database.embedded(data) : Database.open(db);
        } catch (StoreException e) {
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, String.valueOf(e.getMessage()));
        }
    }

    /** Makes this process the database's one record writer, or fails with a message for the user. */
    static Database.WriterLock lock(Database database) {
        try {
            return database.lockForWriting();
        } catch (StoreException e) {
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, String.valueOf(e.getMessage()));
        }
    }
}
