package dev.leadflow.lab;

import dev.leadflow.engine.Engine;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lab.BacktestResult.Capacity;
import dev.leadflow.lab.BacktestResult.Period;
import dev.leadflow.lab.BacktestResult.SweepCurve;
import dev.leadflow.lab.BacktestResult.SweepPoint;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.model.Model;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The model lab's backtest (docs/MODEL.md, "Backtest"): a history replayed under a draft model in
 * engines of its own, the sales actions left out, and its MQL cycles scored against the real
 * outcomes. Nothing is stored or sent: the engines are dropped when the result is made.
 *
 * <p>Design note. The threshold sweep replays the history once more per value, but only the
 * records of the people it can change. A comparison in the criteria is monotone in its number, so
 * the draft with every threshold at its loosest sweep value ({@link Sweep#loosest}) makes an MQL by
 * the criteria whenever any variant does; a person it never moves by the criteria has the same
 * lifecycle under every variant (and the draft), as only criteria MQLs differ between them. That
 * replay is the one full replay of the draft; the draft and each variant then replay only the
 * records of the people it did move.
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
            return new Real(Outcomes.entering(engine, Stage.SQL), Outcomes.entering(engine, Stage.CUSTOMER));
        }
    }

    /**
     * What to backtest. {@code history}: every record, in processing order, sales actions included;
     * {@code real}: the outcomes of that history under the model in force, or null to replay it
     * under the baseline (the draft when there is none) for them; {@code from} and {@code to}
     * the period's days (inclusive) in {@code zone}; {@code reps} the reps who would take the MQLs.
     */
    public record Request(
            Model draft,
            String draftYaml,
            @Nullable Model baseline,
            List<Input> history,
            @Nullable Real real,
            LocalDate from,
            LocalDate to,
            ZoneId zone,
            long horizonMillis,
            String horizonText,
            int reps) {}

    private Backtest() {}

    public static BacktestResult run(Request q, Steps steps, Progress progress) {
        Scorecard.Window w = new Scorecard.Window(
                q.from().atStartOfDay(q.zone()).toInstant().toEpochMilli(),
                q.to().plusDays(1).atStartOfDay(q.zone()).toInstant().toEpochMilli(),
                q.zone(),
                q.horizonMillis());
        List<Input> events = q.history().stream()
                .filter(r -> !(r instanceof LifecycleCommand))
                .toList();
        long until = q.history().stream().mapToLong(Input::epochMillis).max().orElse(w.from());
        Sweep sweep = Sweep.of(q.draftYaml());
        boolean sweeping = !sweep.thresholds().isEmpty();
        Model widest = sweeping ? sweep.loosest() : q.draft();
        int total =
                3 + sweep.thresholds().stream().mapToInt(t -> t.values().size()).sum();
        progress.at("replaying the history under the draft", 0, total);
        List<Object> first = steps.all(List.of(
                () -> new Replays.Watched(widest, events, until, w),
                () -> q.baseline() == null
                        ? Outcomes.of(java.util.Map.of())
                        : Replays.mqls(q.baseline(), events, until),
                () -> q.real() != null
                        ? q.real()
                        : Real.of(
                                Replays.replay(q.baseline() != null ? q.baseline() : q.draft(), q.history(), until))));
        Replays.Watched watched = (Replays.Watched) first.get(0);
        Outcomes baseline = q.baseline() == null ? null : (Outcomes) first.get(1);
        Real real = (Real) first.get(2);
        Outcomes sql = real.sql();
        Outcomes won = real.won();
        progress.at("scoring the draft", 3, total);

        Outcomes widestMqls = Outcomes.entering(watched.engine, Stage.MQL);
        Set<String> movers = watched.criteriaMovers;
        List<Input> moved = sweeping ? Replays.historyOf(watched.engine, movers) : List.of();
        Outcomes draftMqls =
                sweeping ? widestMqls.replacing(movers, Replays.mqls(q.draft(), moved, until)) : widestMqls;
        Scorecard.Scored draft = Scorecard.score(draftMqls, sql, won, w);
        Scorecard.Scored current = baseline == null ? null : Scorecard.score(baseline, sql, won, w);

        List<SweepCurve> curves = new ArrayList<>();
        int done = 3;
        for (Sweep.Threshold t : sweep.thresholds()) {
            List<Supplier<SweepPoint>> points = new ArrayList<>();
            for (double v : t.values()) {
                points.add(() -> {
                    if (v == t.value()) {
                        return point(v, draft);
                    }
                    Outcomes variant = widestMqls.replacing(movers, Replays.mqls(sweep.with(t, v), moved, until));
                    return point(v, Scorecard.score(variant, sql, won, w));
                });
            }
            progress.at("sweeping " + t.subject() + " " + t.operator(), done, total);
            curves.add(new SweepCurve(t.path(), t.subject(), t.operator(), t.value(), steps.all(points)));
            done += points.size();
        }
        progress.at("done", total, total);
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
                Deciles.of(watched.highest, sql, won, w.from(), Scorecard.saturatedAdd(w.until(), w.horizonMillis())),
                capacity(draft.card().mqls(), q.reps(), w),
                Changes.of(draftMqls, baseline, q.draft(), q.baseline(), watched.engine, w),
                curves,
                new BacktestResult.Counts(
                        events.size(),
                        watched.highest.size(),
                        draft.reachedSql(),
                        draft.won(),
                        draft.peopleSql(),
                        draft.peopleWon(),
                        draft.recalledSql(),
                        draft.recalledWon()));
    }

    private static SweepPoint point(double value, Scorecard.Scored s) {
        return new SweepPoint(
                value, s.card().mqls(), s.card().precision(), s.card().recall());
    }

    private static Capacity capacity(int mqls, int reps, Scorecard.Window w) {
        double weeks = (w.until() - w.from()) / (7 * 86_400_000.0);
        return new Capacity(reps, reps <= 0 || weeks <= 0 ? null : Changes.round(mqls / (double) reps / weeks));
    }
}
