package dev.leadflow.app.port;

import java.util.List;

/**
 * Rows to learn from, sparse: each row's non-zero encoded features (indices ascending) and values,
 * and its label.
 */
public record TrainingRows(List<int[]> indices, List<double[]> values, List<Boolean> labels) {

    public TrainingRows {
        indices = List.copyOf(indices);
        values = List.copyOf(values);
        labels = List.copyOf(labels);
    }

    public int size() {
        return labels.size();
    }
}
