package dev.leadflow.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a realistic synthetic B2B history (JSON lines) for demos and benchmarks.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--leads", defaultValue = "1000", description = "Number of people (default ${DEFAULT-VALUE}).")
    int leads;

    @Option(names = "--days", defaultValue = "90", description = "Length of the history (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "E.jsonl", description = "Where to write the records.")
    Path out;

    @Override
    public Integer call() {
        throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "demo: not wired yet");
    }
}
