package dev.leadflow.app.port;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Dashboard users: a name, a role and, for sales, the hand-off member whose queue is theirs. Thread-safe. */
public interface Users {

    /** What a user may see and do on the dashboard. */
    enum Role {
        /** Everything. */
        ADMIN,
        /** Reports, every lead and the model; no sales actions. */
        MARKETING,
        /** Reports, and their own leads and queue, on which they act. */
        SALES;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Role> parse(String text) {
            return Arrays.stream(values())
                    .filter(r -> r.wireName().equals(text))
                    .findFirst();
        }

        public static String names() {
            return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
        }
    }

    /** A user; {@code member} is the hand-off member id of a sales user, null for the others. */
    record User(String username, Role role, @Nullable String member) {}

    /** The user, if {@code password} is theirs (as slow for an unknown name as for a wrong password). */
    Optional<User> authenticate(@Nullable String username, char[] password);

    /** Whether there is any user. */
    boolean any();
}
