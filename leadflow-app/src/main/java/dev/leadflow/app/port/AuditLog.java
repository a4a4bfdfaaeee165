package dev.leadflow.app.port;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The audit log of privileged actions (docs/PRIVACY.md, "Audit log"): who did what, to what, when
 * and from where. Entries are only ever appended: no interface changes or removes one, and the
 * database refuses it too. Thread-safe.
 */
public interface AuditLog {

    /** What was done. */
    enum Action {
        LEAD_EXPORTED,
        LEAD_ERASED,
        KEY_CREATED,
        USER_CREATED,
        MODEL_PUBLISHED,
        PREDICTOR_TRAINED,
        HANDOFF_CHANGED,
        WEBHOOK_REDELIVERED;

        /** {@code lead.exported}, {@code key.created}, …: the first word names the thing acted on. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replaceFirst("_", ".");
        }

        public static Optional<Action> parse(String text) {
            for (Action a : values()) {
                if (a.wireName().equals(text)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Who acted and from where: {@code who} is {@code key:<id>}, {@code user:<name>}, {@code cli:<os
     * user>} or {@code schedule}; {@code from} the client's address, or {@code cli}, or {@code server}.
     */
    record Actor(String who, String from) {
        public Actor {
            Objects.requireNonNull(who, "who");
            Objects.requireNonNull(from, "from");
        }

        /** The server acting on its own (a scheduled retraining). */
        public static final Actor SERVER = new Actor("schedule", "server");

        /** A command run on this machine by the operating-system user running it. */
        public static Actor cli() {
            return new Actor("cli:" + System.getProperty("user.name", "unknown"), "cli");
        }
    }

    /** One entry: {@code target} names what was acted on (a lead, a key, a model id); {@code detail} says more. */
    record Entry(long seq, long at, Actor actor, Action action, String target, SortedMap<String, String> detail) {
        public Entry {
            detail = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(detail));
        }
    }

    /** Appends an entry at {@code at} and returns it numbered. */
    Entry append(long at, Actor actor, Action action, String target, Map<String, String> detail);

    /** Up to {@code limit} entries numbered below {@code beforeSeq}, newest first, of {@code action} if given. */
    List<Entry> newestFirst(int limit, long beforeSeq, Optional<Action> action);

    /** A log that keeps nothing: tools that run no server (replay, backtest of files). */
    AuditLog NONE = new AuditLog() {
        @Override
        public Entry append(long at, Actor actor, Action action, String target, Map<String, String> detail) {
            return new Entry(0, at, actor, action, target, new TreeMap<>(detail));
        }

        @Override
        public List<Entry> newestFirst(int limit, long beforeSeq, Optional<Action> action) {
            return List.of();
        }
    };
}
