package dev.leadflow.app;

import dev.leadflow.engine.Engine;
import dev.leadflow.input.Input;
import dev.leadflow.lab.Backtest;
import dev.leadflow.lab.BacktestResult;
import dev.leadflow.model.Durations;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelError;
import dev.leadflow.model.ModelParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Marketing tries a draft model on the stored history before it goes live (docs/MODEL.md,
 * "Backtest"): the history is replayed under the draft in engines of the backtest's own, against
 * the outcomes the server holds; nothing is stored, published or sent. A draft with a predictive
 * section is tried with the artifact the server applies (docs/PREDICTIVE.md). One backtest runs at a time
 * (it holds a copy of the history); the records are copied under the lock, the replays run outside it.
 */
public final class BacktestDraft {

    /** The default horizon: how long after an MQL an SQL or a win still counts for it. */
    public static final String DEFAULT_HORIZON = "90d";
    /** The longest period: weeks are listed one by one. */
    static final int MAX_PERIOD_DAYS = 366 * 20;

    /** The options of a backtest, read and checked; an absent day is the history's first (last) day. */
    public record Options(
            Optional<LocalDate> from,
            Optional<LocalDate> to,
            ZoneId zone,
            long horizonMillis,
            String horizon,
            OptionalInt reps) {

        /**
         * Reads the options as given (CLI flags or query parameters, null when absent): errors name
         * the option ({@code from}, {@code to}, {@code tz}, {@code horizon}, {@code reps}).
         */
        public static Parsed parse(
                @Nullable String from,
                @Nullable String to,
                @Nullable String tz,
                @Nullable String horizon,
                @Nullable String reps) {
            List<ModelError> errors = new ArrayList<>();
            Optional<LocalDate> f = day("from", from, errors);
            Optional<LocalDate> t = day("to", to, errors);
            ZoneId zone = ZoneId.of("UTC");
            if (tz != null) {
                try {
                    zone = ZoneId.of(tz);
                } catch (DateTimeException e) {
                    errors.add(new ModelError(
                            "tz", "unknown time zone '" + tz + "' (an IANA name such as Europe/Berlin)"));
                }
            }
            String h = horizon == null ? DEFAULT_HORIZON : horizon;
            Optional<Long> millis = Durations.parse(h);
            if (millis.isEmpty() || millis.get() <= 0) {
                errors.add(new ModelError("horizon", "not a duration: '" + h + "' (e.g. 30d, 12w)"));
            }
            OptionalInt r = OptionalInt.empty();
            if (reps != null) {
                try {
                    r = OptionalInt.of(Integer.parseInt(reps.strip()));
                    if (r.getAsInt() < 1 || r.getAsInt() > 100_000) {
                        errors.add(new ModelError("reps", "must be from 1 to 100000, not " + reps));
                    }
                } catch (NumberFormatException e) {
                    errors.add(new ModelError("reps", "not a whole number: '" + reps + "'"));
                }
            }
            if (f.isPresent() && t.isPresent() && t.get().isBefore(f.get())) {
                errors.add(new ModelError("to", t.get() + " is before from (" + f.get() + ")"));
            }
            return errors.isEmpty()
                    ? new Parsed.Valid(new Options(f, t, zone, millis.orElseThrow(), h, r))
                    : new Parsed.Invalid(errors);
        }

        private static Optional<LocalDate> day(String name, @Nullable String text, List<ModelError> errors) {
            if (text == null) {
                return Optional.empty();
            }
            try {
                LocalDate d = LocalDate.parse(text.strip());
                if (d.getYear() < 1900 || d.getYear() > 9999) {
                    errors.add(new ModelError(name, "out of range: " + text + " (years 1900 to 9999)"));
                    return Optional.empty();
                }
                return Optional.of(d);
            } catch (DateTimeException e) {
                errors.add(new ModelError(name, "not a date: '" + text + "' (YYYY-MM-DD)"));
                return Optional.empty();
            }
        }
    }

    /** Options read, or what is wrong with them. */
    public sealed interface Parsed {
        record Valid(Options options) implements Parsed {}

        record Invalid(List<ModelError> errors) implements Parsed {}
    }

    /** What a backtest gave. */
    public sealed interface Result {
        record Done(BacktestResult result) implements Result {}

        /** The draft is invalid: every error by path. */
        record Invalid(List<ModelError> errors) implements Result {}

        /** The options do not fit the history (the period): every error by option. */
        record BadOptions(List<ModelError> errors) implements Result {}

        /** Another backtest is running. */
        record Busy(String message) implements Result {}
    }

    /** How far the running backtest has got. */
    public record Running(String step, int done, int total) {}

    private final Leads leads;
    private final Semaphore one = new Semaphore(1);
    private volatile @Nullable Running running;

    BacktestDraft(Leads leads) {
        this.leads = leads;
    }

    /** Backtests {@code draftYaml} on the stored history against the model in force. */
    public Result backtest(String draftYaml, Options options) {
        Model draft;
        switch (new ModelParser().parse(draftYaml)) {
            case ModelParser.Result.Valid v -> draft = v.model();
            case ModelParser.Result.Invalid i -> {
                return new Result.Invalid(i.errors());
            }
        }
        if (!one.tryAcquire()) {
            return new Result.Busy("a backtest is running; try again when it has finished");
        }
        try {
            running = new Running("copying the history", 0, 1);
            record Copy(Model current, Engine.Records history, Backtest.Real real, int members) {}
            Copy copy = leads.inspect(s -> new Copy(
                    s.engine().model(),
                    s.engine().recordsCopy(),
                    Backtest.Real.of(s.engine()),
                    s.handoff().reads().config().memberCount()));
            Model tried = draft.predictive().isPresent()
                    ? draft.withPredictor(copy.current().predictor()) // a backtest applies, never trains
                    : draft;
            return run(
                    tried,
                    draftYaml,
                    copy.current(),
                    copy.current(),
                    copy.history().inProcessingOrder(), // sorted outside the lock
                    copy.real(),
                    options,
                    copy.members(),
                    (step, done, total) -> running = new Running(step, done, total));
        } finally {
            running = null;
            one.release();
        }
    }

    /** The running backtest's progress, if one runs. */
    public Optional<Running> running() {
        return Optional.ofNullable(running);
    }

    /**
     * A backtest of a history held outside a server (the CLI's): {@code real} null replays it under
     * {@code inForce} for the real outcomes (when null, under the baseline, else the draft);
     * {@code members} are the reps when the options name none.
     */
    public static Result run(
            Model draft,
            String draftYaml,
            @Nullable Model baseline,
            @Nullable Model inForce,
            List<Input> history,
            Backtest.@Nullable Real real,
            Options options,
            int members,
            Backtest.Progress progress) {
        if (history.isEmpty()) {
            return new Result.BadOptions(
                    List.of(new ModelError("history", "it holds no records: nothing to backtest on")));
        }
        ZoneId zone = options.zone();
        LocalDate first = dayOf(history.getFirst().epochMillis(), zone);
        LocalDate last = dayOf(history.getLast().epochMillis(), zone);
        LocalDate from = options.from().orElse(first);
        LocalDate to = options.to().orElse(last);
        if (to.isBefore(from)) {
            return new Result.BadOptions(List.of(
                    options.to().isPresent()
                            ? new ModelError("to", to + " is before from (" + from + ")")
                            : new ModelError("from", from + " is after the history's last day (" + last + ")")));
        }
        if (from.plusDays(MAX_PERIOD_DAYS).isBefore(to)) {
            return new Result.BadOptions(List.of(new ModelError("from", "the period is longer than 20 years")));
        }
        var request = new Backtest.Request(
                draft,
                draftYaml,
                baseline,
                inForce,
                history,
                real,
                from,
                to,
                zone,
                options.horizonMillis(),
                options.horizon(),
                options.reps().orElse(members));
        return new Result.Done(Backtest.run(request, ON_EVERY_CORE, progress));
    }

    private static LocalDate dayOf(long millis, ZoneId zone) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), zone);
    }

    /** Runs a backtest's independent replays on every core. */
    static final Backtest.Steps ON_EVERY_CORE = new Backtest.Steps() {
        @Override
        public <T> List<T> all(List<Supplier<T>> tasks) {
            int threads = Math.min(tasks.size(), Runtime.getRuntime().availableProcessors());
            if (threads <= 1) {
                return Backtest.Steps.ONE_AT_A_TIME.all(tasks);
            }
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<T>> futures = new ArrayList<>();
                tasks.forEach(t -> futures.add(pool.submit(t::get)));
                List<T> out = new ArrayList<>(futures.size());
                for (Future<T> f : futures) {
                    out.add(f.get());
                }
                return out;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the backtest was interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    };
}
