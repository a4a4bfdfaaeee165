package dev.leadflow.lab;

import dev.leadflow.engine.Engine;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lab.BacktestResult.Capacity;
import dev.leadflow.lab.BacktestResult.Period;
import dev.leadflow.lab.BacktestResult.SweepCurve;
import dev.leadflow.lab.BacktestResult.SweepPoint;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.model.Condition;
import dev.leadflow.model.Model;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The model lab's backtest (docs/MODEL.md, "Backtest"): a history replayed under a draft model in
 * engines of its own, the sales actions left out, and its MQL cycles scored against the real
 * outcomes. Nothing is stored or sent: the engines are dropped when the result is made.
 *
 * <p>Design note. A sweep value changes only the MQL criteria, not the scores, so the draft's one
 * replay carries every value as a lane of its engine ({@code Engine} with lanes): the records are
 * scored once, and each lane moves the lifecycle by its own criteria. Three replays in all, which
 * run at once where there are cores: the draft with its lanes, the baseline (both without the
 * sales actions), and, when no real outcomes are given, the history with its sales actions.
 */
public final class Backtest {

    /** Runs independent steps, perhaps at once; their results in the order given. */
    public interface Steps {
        Steps ONE_AT_A_TIME = new Steps() {
            @Override
            public <T> List<T> all(List<Supplier<T>> tasks) {
                return tasks.stream().map(Supplier::get).toList();
            }
        };

        <T> List<T> all(List<Supplier<T>> tasks);
    }

    /** Told how far the backtest has got: {@code done} of {@code total} steps, the one now running named. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (step, done, total) -> {};

        void at(String step, int done, int total);
    }

    /** The real outcomes: when each person entered SQL and when they were won. */
    public record Real(Outcomes sql, Outcomes won) {

        /** The outcomes in {@code engine}'s lifecycles (read it on its own thread). */
        public static Real of(Engine engine) {
            Map<String, long[]> sql = new HashMap<>();
            Map<String, long[]> won = new HashMap<>();
            engine.forEachLifecycle((lead, transitions, touches) -> { // one walk: a server holds its lock meanwhile
                Outcomes.add(sql, lead, transitions, Stage.SQL);
                Outcomes.add(won, lead, transitions, Stage.CUSTOMER);
            });
            return new Real(Outcomes.of(sql), Outcomes.of(won));
        }
    }

    /**
     * What to backtest. {@code history}: every record, in processing order, sales actions included;
     * {@code real}: the outcomes of that history under the model in force, or null to replay it for
     * them under {@code inForce} (when null, the baseline; when none, the draft); {@code from} and
     * {@code to} the period's days (inclusive) in {@code zone}; {@code reps} the reps who would
     * take the MQLs.
     */
    public record Request(
            Model draft,
            String draftYaml,
            @Nullable Model baseline,
            @Nullable Model inForce,
            List<Input> history,
            @Nullable Real real,
            LocalDate from,
            LocalDate to,
            ZoneId zone,
            long horizonMillis,
            String horizonText,
            int reps) {}

    /** The three replays' results. */
    private record Replayed(Replays.Watched draft, @Nullable Outcomes baseline, Real real, int events) {}

    private Backtest() {}

    public static BacktestResult run(Request q, Steps steps, Progress progress) {
        Scorecard.Window w = new Scorecard.Window(
                q.from().atStartOfDay(q.zone()).toInstant().toEpochMilli(),
                q.to().plusDays(1).atStartOfDay(q.zone()).toInstant().toEpochMilli(),
                q.zone(),
                q.horizonMillis());
        Sweep sweep = Sweep.of(q.draftYaml());
        List<Variant> variants = variants(sweep);
        progress.at("replaying the history under the draft and " + variants.size() + " sweep values", 0, 2);
        Replayed r = replay(q, variants, w, steps);
        progress.at("scoring", 1, 2);
        BacktestResult result = score(q, sweep, variants, r, w, steps);
        progress.at("done", 2, 2);
        return result;
    }

    /** Each sweep value but the draft's own, of the first {@link Sweep#MAX_THRESHOLDS} thresholds, as a lane. */
    private static List<Variant> variants(Sweep sweep) {
        List<Variant> variants = new ArrayList<>();
        for (Sweep.Threshold t : sweep.swept()) {
            for (double v : t.values()) {
                if (v != t.value()) {
                    variants.add(new Variant(
                            t,
                            v,
                            variants.size() + 1,
                            sweep.with(t, v).lifecycle().mql()));
                }
            }
        }
        return variants;
    }

    /** The draft with its lanes and the baseline, both without the sales actions, and the real outcomes: at once. */
    private static Replayed replay(Request q, List<Variant> variants, Scorecard.Window w, Steps steps) {
        List<Input> events = q.history().stream()
                .filter(r -> !(r instanceof LifecycleCommand))
                .toList();
        long until = q.history().stream().mapToLong(Input::epochMillis).max().orElse(w.from());
        Model inForce = q.inForce() != null ? q.inForce() : q.baseline() != null ? q.baseline() : q.draft();
        List<Object> replays = steps.all(List.of(
                () -> new Replays.Watched(
                        q.draft(), variants.stream().map(Variant::criteria).toList(), events, until, w),
                () -> q.baseline() == null ? Outcomes.of(Map.of()) : Replays.mqls(q.baseline(), events, until),
                () -> q.real() != null ? q.real() : Real.of(Replays.replay(inForce, q.history(), until))));
        return new Replayed(
                (Replays.Watched) replays.get(0),
                q.baseline() == null ? null : (Outcomes) replays.get(1),
                (Real) replays.get(2),
                events.size());
    }

    /** The figures: the draft's and baseline's cards, then the sweep's curves and the changed leads at once. */
    private static BacktestResult score(
            Request q, Sweep sweep, List<Variant> variants, Replayed r, Scorecard.Window w, Steps steps) {
        Engine engine = r.draft().engine;
        Outcomes draftMqls = Outcomes.entering(engine, Stage.MQL);
        Scorecard.Scored draft =
                Scorecard.score(draftMqls, r.real().sql(), r.real().won(), w);
        Scorecard.Scored current = r.baseline() == null
                ? null
                : Scorecard.score(r.baseline(), r.real().sql(), r.real().won(), w);
        // the engine is only read from here on
        List<Supplier<Object>> scoring = new ArrayList<>();
        scoring.add(() -> Changes.of(draftMqls, r.baseline(), q.draft(), q.baseline(), engine, w));
        for (Sweep.Threshold t : sweep.swept()) {
            scoring.add(() -> curve(t, variants, draft, engine, r.real(), w));
        }
        List<Object> scored = steps.all(scoring);
        List<SweepCurve> curves = new ArrayList<>();
        scored.subList(1, scored.size()).forEach(c -> curves.add((SweepCurve) c));
        return new BacktestResult(
                q.draft().id(),
                q.baseline() == null ? null : q.baseline().id(),
                new Period(q.from().toString(), q.to().toString(), q.zone().getId()),
                q.horizonText(),
                draft.card().mqls(),
                draft.card().perWeek(),
                draft.card().precision(),
                draft.card().recall(),
                current == null ? null : current.card(),
                Deciles.of(
                        r.draft().highest,
                        r.real().sql(),
                        r.real().won(),
                        w.from(),
                        Scorecard.saturatedAdd(w.until(), w.horizonMillis())),
                capacity(
                        draft.card().mqls(),
                        current == null ? null : current.card().mqls(),
                        q.reps(),
                        w),
                (BacktestResult.Changes) scored.get(0),
                curves,
                new BacktestResult.Counts(
                        r.events(),
                        r.draft().highest.size(),
                        draft.reachedSql(),
                        draft.won(),
                        draft.peopleSql(),
                        draft.peopleWon(),
                        draft.recalledSql(),
                        draft.recalledWon()));
    }

    /** The sweep of one threshold: the draft's own figures at its value, each other value's lane elsewhere. */
    private static SweepCurve curve(
            Sweep.Threshold t,
            List<Variant> variants,
            Scorecard.Scored draft,
            Engine engine,
            Real real,
            Scorecard.Window w) {
        List<SweepPoint> points = new ArrayList<>();
        for (double v : t.values()) {
            Optional<Variant> variant = variants.stream()
                    .filter(x -> x.threshold().equals(t) && x.value() == v)
                    .findFirst();
            Scorecard.Scored s = variant.isEmpty()
                    ? draft
                    : Scorecard.score(
                            Outcomes.entering(engine, variant.get().lane(), Stage.MQL), real.sql(), real.won(), w);
            points.add(new SweepPoint(
                    v, s.card().mqls(), s.card().precision(), s.card().recall()));
        }
        return new SweepCurve(t.path(), t.subject(), t.operator(), t.value(), points);
    }

    /** A sweep value other than the draft's, replayed as a lane of the draft's engine. */
    private record Variant(Sweep.Threshold threshold, double value, int lane, Optional<Condition> criteria) {}

    private static Capacity capacity(int mqls, @Nullable Integer currentMqls, int reps, Scorecard.Window w) {
        double weeks = (w.until() - w.from()) / (7 * 86_400_000.0);
        return new Capacity(
                reps,
                perRepPerWeek(mqls, reps, weeks),
                currentMqls == null ? null : perRepPerWeek(currentMqls, reps, weeks));
    }

    private static @Nullable Double perRepPerWeek(int mqls, int reps, double weeks) {
        return reps <= 0 || weeks <= 0 ? null : Changes.round(mqls / (double) reps / weeks);
    }
}
