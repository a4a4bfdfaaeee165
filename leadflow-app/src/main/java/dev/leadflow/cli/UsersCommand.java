package dev.leadflow.cli;

import dev.leadflow.adapter.jdbc.AuditStore;
import dev.leadflow.adapter.jdbc.Database;
import dev.leadflow.adapter.jdbc.UserStore;
import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.Users;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = "Manage dashboard users.",
        subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class})
final class UsersCommand {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a dashboard user. The password "
                    + "is read from standard input with --password-stdin, else asked for on the terminal, else made up and "
                    + "printed once; only a salted PBKDF2 hash of it is stored.")
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = "--username",
                required = true,
                paramLabel = "NAME",
                description = "The user name (a-z, 0-9, . _ @ -).")
        String username;

        @Option(
                names = "--role",
                required = true,
                paramLabel = "ROLE",
                description = "admin (everything), marketing (reports, leads, model; no sales actions) or sales "
                        + "(their own queue and leads).")
        String role;

        @Option(
                names = "--member",
                paramLabel = "ID",
                description = "For sales: the hand-off member whose leads are " + "theirs (default: the user name).")
        String member;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Mixin
        StorageOptions storage;

        @Override
        @SuppressWarnings("SystemConsoleNull") // built for Java 21, where no terminal is a null console
        public Integer call() {
            Users.Role r = Users.Role.parse(role)
                    .orElseThrow(() -> new LeadflowCli.UserError(
                            LeadflowCli.EXIT_BAD_INPUT,
                            "--role: unknown role '" + role + "' (use one of: " + Users.Role.names() + ")"));
            if (member != null && r != Users.Role.SALES) {
                throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "--member is for sales users only");
            }
            PrintWriter out = spec.commandLine().getOut();
            boolean madeUp = false;
            char[] password;
            if (passwordStdin) {
                password = stdinPassword();
            } else if (System.console() != null) {
                password = askTwice(System.console());
            } else {
                password = madeUpPassword();
                madeUp = true;
            }
            List<String> problems = UserStore.problems(username, password);
            if (!problems.isEmpty()) {
                throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, String.join("; ", problems));
            }
            try (Database database = storage.open()) {
                long now = InstantSource.system().millis();
                if (!new UserStore(database).create(username, password, r, member, now)) {
                    throw new LeadflowCli.UserError(
                            LeadflowCli.EXIT_BAD_INPUT, "user '" + username + "' exists already");
                }
                new AuditStore(database)
                        .append(
                                now,
                                AuditLog.Actor.cli(),
                                AuditLog.Action.USER_CREATED,
                                username,
                                java.util.Map.of("role", r.wireName()));
            } finally {
                if (!madeUp) {
                    Arrays.fill(password, '\0');
                }
            }
            out.printf(
                    "user %s created (%s%s)%n",
                    username,
                    r.wireName(),
                    r == Users.Role.SALES ? ", member " + (member == null ? username : member) : "");
            if (madeUp) {
                out.println("password (shown once): " + new String(password));
            }
            return 0;
        }

        private static char[] stdinPassword() {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return line == null ? new char[0] : line.toCharArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static char[] askTwice(Console console) {
            char[] first = console.readPassword("Password (at least %d characters): ", UserStore.MIN_PASSWORD);
            char[] second = console.readPassword("Again: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "the two passwords differ");
            }
            return first;
        }
    }

    /** A random password: 18 bytes, URL-safe base64 (24 characters). */
    static char[] madeUpPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the dashboard users and their roles.")
    static final class ListUsers implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StorageOptions storage;

        @Override
        public Integer call() {
            try (Database database = storage.open()) {
                for (Users.User u : new UserStore(database).list()) {
                    spec.commandLine()
                            .getOut()
                            .println(u.username() + "\t" + u.role().wireName()
                                    + (u.member() == null ? "" : "\tmember " + u.member()));
                }
            }
            return 0;
        }
    }
}
