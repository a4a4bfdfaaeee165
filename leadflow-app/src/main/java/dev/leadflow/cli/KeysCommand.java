package dev.leadflow.cli;

import dev.leadflow.adapter.jdbc.AuditStore;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.KeyStore;
import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.Scope;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Manage API and write keys.",
        subcommands = KeysCommand.Create.class)
final class KeysCommand {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a key and print it alone on one line; only its hash is stored, so it is shown once.")
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = "--scope",
                required = true,
                paramLabel = "SCOPE",
                description = "write (ingest only), read (read the API), act (read and lifecycle actions) or admin.")
        String scope;

        @Mixin
        StorageOptions storage;

        @Override
        public Integer call() {
            Scope s = Scope.parse(scope)
                    .orElseThrow(() -> new LeadflowCli.UserError(
                            LeadflowCli.EXIT_BAD_INPUT,
                            "unknown scope '" + scope + "' (use one of: " + Scope.names() + ")"));
            try (Database database = storage.open()) {
                long now = InstantSource.system().millis();
                String key = new KeyStore(database).create(s, now);
                new AuditStore(database)
                        .append(
                                now,
                                AuditLog.Actor.cli(),
                                AuditLog.Action.KEY_CREATED,
                                KeyStore.idOf(key),
                                java.util.Map.of("scope", s.wireName()));
                spec.commandLine().getOut().println(key);
            }
            return 0;
        }
    }
}
