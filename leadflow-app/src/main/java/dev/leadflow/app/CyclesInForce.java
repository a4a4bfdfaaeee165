package dev.leadflow.app;

import dev.leadflow.engine.Engine;
import dev.leadflow.input.Input;
import dev.leadflow.lab.PredictiveExamples;
import dev.leadflow.model.Model;
import dev.leadflow.predict.Features;
import dev.leadflow.predict.Predictive;
import java.util.List;
import java.util.Optional;

/**
 * The labelled cycles of every stored record under the model in force (docs/PREDICTIVE.md), what
 * training and evaluating on the server learn from: the records are copied under the state's lock
 * and replayed outside it, beside ingestion.
 */
record CyclesInForce(Model model, Predictive spec, Features.Examples examples) {

    /** The cycles, or empty when the model in force has no predictive section. */
    static Optional<CyclesInForce> of(Leads leads) {
        record Copy(Model model, Engine.Records records) {}
        Copy copy = leads.inspect(s -> new Copy(s.engine().model(), s.engine().recordsCopy()));
        Optional<Predictive> spec = copy.model().predictive();
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        List<Input> records = copy.records().inProcessingOrder(); // sorted outside the lock
        return Optional.of(
                new CyclesInForce(copy.model(), spec.get(), PredictiveExamples.of(copy.model(), spec.get(), records)));
    }

    /** Why there are no cycles to learn from. */
    static String noSection(Model model) {
        return "model " + model.id()
                + " has no predictive: section; add one (e.g. predictive: { target: sql }) and publish it";
    }
}
