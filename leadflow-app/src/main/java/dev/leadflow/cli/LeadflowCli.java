package dev.leadflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code leadflow} command: the composition root of the command-line application. */
@Command(
        name = "leadflow",
        mixinStandardHelpOptions = true,
        version = "leadflow 0.1.0",
        description = "Lead qualification engine: scoring, lifecycle, hand-off, closed-loop reporting.",
        subcommands = {
            ServeCommand.class,
            ReplayCommand.class,
            ValidateCommand.class,
            DemoCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            BacktestCommand.class,
            PredictCommand.class,
            KeysCommand.class,
            UsersCommand.class,
            PrivacyCommand.class,
            CommandLine.HelpCommand.class
        })
public final class LeadflowCli {

    /** Exit code of a run that found an invalid record with {@code --strict}. */
    public static final int EXIT_BAD_RECORD = 1;
    /** Exit code of an invalid model, unreadable file or bad option. */
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI with the process's standard streams; returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, for tests that capture its output. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LeadflowCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError u) {
                commandLine.getErr().println("leadflow: " + u.getMessage());
                return u.exitCode();
            }
            if (e instanceof dev.leadflow.app.port.StoreException s) {
                commandLine.getErr().println("leadflow: " + s.getMessage());
                return EXIT_BAD_INPUT;
            }
            throw e;
        });
        return cli;
    }

    /** A problem the user can fix, reported as one line without a stack trace. */
    static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        UserError(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }
}
