package dev.leadflow.cli;

import dev.leadflow.adapter.http.PersonExport;
import dev.leadflow.adapter.jdbc.AuditStore;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.HandoffStore;
import dev.leadflow.adapter.jdbc.JdbcRecordStore;
import dev.leadflow.adapter.jdbc.ModelStore;
import dev.leadflow.adapter.jdbc.Outbox;
import dev.leadflow.app.ErasePerson;
import dev.leadflow.app.ExportPerson;
import dev.leadflow.app.Leadflow;
import dev.leadflow.app.port.AuditLog;
import dev.leadflow.model.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "privacy",
        mixinStandardHelpOptions = true,
        description = "Answer a person's request about their data (docs/PRIVACY.md).",
        subcommands = {PrivacyCommand.Export.class, PrivacyCommand.Erase.class})
final class PrivacyCommand {

    /** The stored history loaded under the model in force, as the server would hold it now. */
    static Leadflow load(Database database, long now, PrintWriter err) {
        ModelStore models = new ModelStore(database);
        Model inForce = models.current()
                .map(p -> ModelFiles.parse(p.yaml(), "the published model", err))
                .orElseGet(ModelFiles::bundledExample);
        return Leadflow.load(
                inForce,
                new JdbcRecordStore(database),
                new HandoffStore(database),
                models,
                null,
                new AuditStore(database),
                now);
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Write everything held about one person as one JSON document (GDPR Article 15);"
                    + " the export is written to the audit log.")
    static final class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--lead", required = true, paramLabel = "ID", description = "The lead's id.")
        String lead;

        @Option(names = "--out", paramLabel = "FILE", description = "The file to write (default: standard output).")
        @Nullable
        Path out;

        @Mixin
        StorageOptions storage;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            long now = InstantSource.system().millis();
            try (Database database = storage.open()) {
                Leadflow live = load(database, now, err);
                Optional<ExportPerson.Export> export =
                        new ExportPerson(live, new Outbox(database)).export(lead, AuditLog.Actor.cli(), now);
                if (export.isEmpty()) {
                    throw new LeadflowCli.UserError(
                            LeadflowCli.EXIT_BAD_INPUT, "unknown lead '" + lead + "' in " + database.describe());
                }
                String json = PersonExport.json(export.get(), now);
                if (out == null) {
                    spec.commandLine().getOut().println(json);
                } else {
                    try {
                        Files.writeString(out, json + "\n", StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new LeadflowCli.UserError(
                                LeadflowCli.EXIT_BAD_INPUT, "cannot write " + out + ": " + e.getMessage());
                    }
                    err.printf(
                            "exported lead %s (%d records, %d webhook deliveries) to %s%n",
                            lead,
                            export.get().lead().history().size(),
                            export.get().deliveries().size(),
                            out);
                }
            }
            return 0;
        }
    }

    @Command(
            name = "erase",
            mixinStandardHelpOptions = true,
            description = "Erase one person (GDPR Article 17): their personal data leaves the database, a pseudonymous"
                    + " lead keeps the funnel's counts; written to the audit log. The server must be stopped"
                    + " (or use POST /api/leads/{id}/erase).")
    static final class Erase implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--lead", required = true, paramLabel = "ID", description = "The lead's id.")
        String lead;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the audit log.")
        String reason;

        @Mixin
        StorageOptions storage;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            long now = InstantSource.system().millis();
            try (Database database = storage.open()) {
                Database.WriterLock lock = StorageOptions.lock(database);
                try {
                    erase(database, now, err);
                } finally {
                    lock.close();
                }
            }
            return 0;
        }

        private void erase(Database database, long now, PrintWriter err) {
            Leadflow live = load(database, now, err);
            String line = switch (live.erasePerson().erase(lead, reason, AuditLog.Actor.cli(), now)) {
                case ErasePerson.Result.Erased e -> {
                    if (!e.unmatched().isEmpty()) {
                        err.println("note: no stand-in answers every rule alike for " + e.unmatched()
                                + "; left out (docs/PRIVACY.md)");
                    }
                    yield "erased lead " + lead + ": now " + e.pseudonym() + " (" + e.records() + " records rewritten)";
                }
                case ErasePerson.Result.AlreadyErased a -> a.pseudonym() + " is erased already; nothing changed";
                case ErasePerson.Result.Unknown u ->
                    throw new LeadflowCli.UserError(
                            LeadflowCli.EXIT_BAD_INPUT, "unknown lead '" + lead + "' in " + database.describe());
                case ErasePerson.Result.BadReason b ->
                    throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "--" + b.message());
            };
            spec.commandLine().getOut().println(line);
        }
    }
}
