package dev.leadflow.cli;

import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.JdbcRecordStore;
import dev.leadflow.input.InputCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write the stored history (events and sales actions) as JSON lines, the format replay reads.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    @Option(names = "--out", required = true, paramLabel = "E.jsonl", description = "The file to write.")
    Path out;

    @Override
    public Integer call() {
        InputCodec codec = new InputCodec();
        long[] count = {0};
        try (Database database = storage.open();
                BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            // processing order (timestamp, then arrival), so that replay's ties fall as the server's did
            new JdbcRecordStore(database).forEachInProcessingOrder(r -> {
                try {
                    writer.write(codec.write(r.input()));
                    writer.write('\n');
                    count[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "cannot write " + out + ": " + e.getMessage());
        }
        spec.commandLine().getErr().printf("exported %,d records to %s%n", count[0], out);
        return 0;
    }
}
