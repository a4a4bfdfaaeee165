package dev.leadflow.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** Collects model errors while parsing, and suggests the word a user probably meant. */
final class Problems {

    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(3);

    private final List<ModelError> errors = new ArrayList<>();

    void add(String path, String message) {
        errors.add(new ModelError(path, message));
    }

    List<ModelError> errors() {
        return List.copyOf(errors);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /**
     * The closest of {@code candidates} to {@code typed}: a known synonym first, then the nearest by
     * edit distance (at most 2, or 3 for long words).
     */
    static Optional<String> suggest(String typed, Collection<String> candidates, Map<String, String> synonyms) {
        String lower = typed.toLowerCase(java.util.Locale.ROOT);
        String synonym = synonyms.get(lower);
        if (synonym != null && candidates.contains(synonym)) {
            return Optional.of(synonym);
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : new java.util.TreeSet<>(candidates)) {
            int d = DISTANCE.apply(lower, c);
            int allowed = c.length() >= 6 ? 3 : 2;
            if (d >= 0 && d <= allowed && d < bestDistance && d < c.length()) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    static String didYouMean(String typed, Collection<String> candidates, Map<String, String> synonyms) {
        return suggest(typed, candidates, synonyms)
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse("");
    }
}
