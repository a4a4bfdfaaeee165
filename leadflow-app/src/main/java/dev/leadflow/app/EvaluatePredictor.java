package dev.leadflow.app;

import dev.leadflow.app.port.Learning;
import dev.leadflow.app.predict.Evaluation;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Revenue operations asks how well the predictive model would do on this instance's own outcomes
 * (docs/PREDICTIVE.md, "The lab"): the closed cycles of the stored history under the model in force,
 * the earliest {@value #HOLDOUT_PERCENT}% complement trained on and the latest
 * {@value #HOLDOUT_PERCENT}% predicted as of their MQL instants. Nothing is stored; the latest
 * report is kept for the lab to show.
 */
public final class EvaluatePredictor {

    /** The share of the latest closed cycles tested on. */
    static final int HOLDOUT_PERCENT = 25;

    /** What evaluating found. */
    public sealed interface Result {
        /** The report, and when it was made. */
        record Done(Evaluation.Report report, long at) implements Result {}

        /** Too few outcomes, or no predictive section: the reason, for people. */
        record Refused(String reason) implements Result {}
    }

    private final Leads leads;
    private final @Nullable Learning learning;
    private volatile @Nullable Result latest;

    EvaluatePredictor(Leads leads, @Nullable Learning learning) {
        this.leads = leads;
        this.learning = learning;
    }

    /** One evaluation at a time; its result is also {@link #latest}. */
    public synchronized Result evaluate(long nowMillis) {
        Learning learning = this.learning;
        if (learning == null) {
            return new Result.Refused("this server cannot train");
        }
        Optional<CyclesInForce> in = CyclesInForce.of(leads);
        Result result = in.isEmpty()
                ? new Result.Refused(
                        CyclesInForce.noSection(leads.inspect(s -> s.engine().model())))
                : switch (Evaluation.run(
                        learning,
                        in.get().examples().closed(),
                        in.get().examples().open().size(),
                        in.get().model(),
                        in.get().spec(),
                        HOLDOUT_PERCENT / 100.0,
                        OptionalInt.empty())) {
                    case Evaluation.Result.Done d -> new Result.Done(d.report(), nowMillis);
                    case Evaluation.Result.TooFew f -> new Result.Refused(f.reason());
                };
        latest = result;
        return result;
    }

    /** The latest evaluation's result, if there was one since the server started. */
    public Optional<Result> latest() {
        return Optional.ofNullable(latest);
    }
}
