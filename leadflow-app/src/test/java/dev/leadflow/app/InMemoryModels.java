package dev.leadflow.app;

import dev.leadflow.app.port.Models;
import dev.leadflow.predict.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Model versions and the draft, in memory. Thread-safe. */
public final class InMemoryModels implements Models {

    private final List<Published> published = new ArrayList<>();
    private Draft draft;
    private final List<Trained> trained = new ArrayList<>();

    @Override
    public synchronized Optional<Published> current() {
        return published.isEmpty() ? Optional.empty() : Optional.of(published.getLast());
    }

    @Override
    public synchronized List<Published> versions() {
        return published.reversed();
    }

    @Override
    public synchronized Published publish(String modelId, String yaml, long at, String by) {
        if (byModelId(modelId).isPresent()) {
            throw new IllegalStateException(modelId + " is published already");
        }
        Published p = new Published(published.size() + 1, modelId, yaml, at, by);
        published.add(p);
        return p;
    }

    @Override
    public synchronized Optional<Draft> draft() {
        return Optional.ofNullable(draft);
    }

    @Override
    public synchronized void saveDraft(String yaml, long at, String by) {
        draft = new Draft(yaml, at, by);
    }

    @Override
    public synchronized Trained saveTrained(String modelId, Predictor predictor, long at, String by) {
        Trained t = new Trained(trained.size() + 1, modelId, predictor, at, by);
        trained.add(t);
        return t;
    }

    @Override
    public synchronized List<Trained> trained(String modelId) {
        return trained.reversed().stream()
                .filter(t -> t.modelId().equals(modelId))
                .toList();
    }
}
