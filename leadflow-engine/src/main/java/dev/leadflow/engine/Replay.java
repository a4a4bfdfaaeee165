package dev.leadflow.engine;

import dev.leadflow.input.Input;
import dev.leadflow.lifecycle.Stage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Offline replay: a whole history through a fresh {@link Engine}. Records are processed by
 * timestamp, ties in input order; records after {@code at} are ignored; timers fire up to
 * {@code at} (default: the latest timestamp). The result is the same whatever order the records
 * came in, so replay, backtest and the live server agree.
 */
public final class Replay {

    /** A record with where it came from (a line number, for messages). */
    public record Numbered(long line, Input input) {}

    /** A record the engine refused, with its line. */
    public record Problem(long line, String message) {}

    /** The engine after the replay, the instant it was replayed to, and the refused records. */
    public record Result(Engine engine, long at, List<Problem> problems) {

        /** Every lead at {@link #at()}, sorted by id. */
        public List<LeadSnapshot> snapshots() {
            List<LeadSnapshot> out = new ArrayList<>(engine.leadCount());
            for (String id : engine.leadIds()) {
                engine.snapshot(id, at).ifPresent(out::add);
            }
            return out;
        }

        /** Leads per stage, every stage present, in funnel order. */
        public Map<Stage, Integer> funnel() {
            return engine.stageCounts();
        }
    }

    private Replay() {}

    /**
     * Replays {@code records} (in input order) into a new engine. {@code problems} receives each refused
     * record as it happens (with {@code --strict} the caller may stop at the first, by throwing).
     */
    public static Result run(Engine engine, List<Numbered> records, Optional<Long> at, Consumer<Problem> problems) {
        List<Numbered> ordered = new ArrayList<>(records);
        ordered.sort(Comparator.comparingLong(n -> n.input().epochMillis()));
        long until = at.orElseGet(() ->
                ordered.isEmpty() ? 0L : ordered.get(ordered.size() - 1).input().epochMillis());
        List<Problem> refused = new ArrayList<>();
        for (Numbered n : ordered) {
            if (n.input().epochMillis() > until) {
                break;
            }
            if (engine.apply(n.input()) instanceof Outcome.Refused r) {
                Problem p = new Problem(n.line(), r.message());
                refused.add(p);
                problems.accept(p);
            }
        }
        engine.advanceTo(until);
        return new Result(engine, until, List.copyOf(refused));
    }
}
