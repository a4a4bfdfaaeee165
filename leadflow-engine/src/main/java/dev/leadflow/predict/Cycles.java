package dev.leadflow.predict;

import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * A lead's qualification cycles labelled by their outcome (docs/PREDICTIVE.md, "Examples"): each
 * entry into MQL opens one; it is positive when it reached the target before the next began,
 * negative when it left the pipeline without it (rejected, recycled, disqualified, expired, lost) or
 * stayed open past the horizon, and still open (no label yet) otherwise.
 */
public final class Cycles {

    /** One cycle: its number, its MQL instant and how it ended. */
    public record Cycle(int number, long mqlAt, Label label, long closedAt) {}

    /** How a cycle ended, as far as the history says. */
    public enum Label {
        POSITIVE,
        NEGATIVE,
        OPEN
    }

    private Cycles() {}

    /** The cycles in {@code transitions} (in order), labelled for {@code target} as of {@code until}. */
    public static List<Cycle> of(List<Transition> transitions, Predictive.Target target, long horizon, long until) {
        List<Cycle> out = new ArrayList<>();
        for (int i = 0; i < transitions.size(); i++) {
            Transition t = transitions.get(i);
            if (t.to() != Stage.MQL || t.from() == Stage.MQL) {
                continue;
            }
            Label label = Label.OPEN;
            long closedAt = Long.MAX_VALUE;
            for (int j = i + 1; j < transitions.size() && label == Label.OPEN; j++) {
                Transition next = transitions.get(j);
                if (next.to() == Stage.MQL) {
                    break; // the next cycle began
                }
                if (reached(next.to(), target)) {
                    label = Label.POSITIVE;
                    closedAt = next.at();
                } else if (!inPipeline(next.to())) {
                    label = Label.NEGATIVE;
                    closedAt = next.at();
                }
            }
            if (label == Label.OPEN && until - t.at() >= horizon) {
                label = Label.NEGATIVE;
                closedAt = t.at() + horizon;
            }
            out.add(new Cycle(t.cycle(), t.at(), label, closedAt));
        }
        return out;
    }

    private static boolean reached(Stage stage, Predictive.Target target) {
        return switch (target) {
            case SQL -> stage == Stage.SQL || stage == Stage.OPPORTUNITY || stage == Stage.CUSTOMER;
            case WON -> stage == Stage.CUSTOMER;
        };
    }

    /** Whether a cycle in this stage is still being worked: MQL to customer. */
    private static boolean inPipeline(Stage stage) {
        return stage.ordinal() >= Stage.MQL.ordinal() && stage.ordinal() <= Stage.CUSTOMER.ordinal();
    }
}
