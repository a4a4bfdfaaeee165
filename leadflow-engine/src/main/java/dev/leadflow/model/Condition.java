package dev.leadflow.model;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A compiled condition: a small immutable tree, tested many times against {@link Facts}.
 * Built only by {@link ModelParser}, which has already checked every operand.
 */
public sealed interface Condition {

    boolean test(Facts facts);

    /** Visits every leaf comparison in this tree. */
    void forEachComparison(Consumer<Comparison> visitor);

    /** The condition that always holds (a rule without {@code if}). */
    Condition ALWAYS = new All(List.of());

    /** Where a comparison reads its value from. */
    sealed interface Subject {
        @Nullable
        Object read(Facts facts);
    }

    record AttributeSubject(String key) implements Subject {
        @Override
        public @Nullable Object read(Facts facts) {
            return facts.attribute(key);
        }
    }

    record PropertySubject(String key) implements Subject {
        @Override
        public @Nullable Object read(Facts facts) {
            return facts.property(key);
        }
    }

    record ScoreSubject(Score score) implements Subject {
        @Override
        public @Nullable Object read(Facts facts) {
            double v = facts.score(score);
            return Double.isNaN(v) ? null : v;
        }
    }

    /**
     * A numeric comparison of a score, {@code { score: engagement, gte: 40 }}: the common case of MQL
     * criteria, compared without boxing. False when the score is unavailable (NaN).
     */
    record ScoreComparison(Score score, Predicate.Compare compare) implements Condition {
        @Override
        public boolean test(Facts facts) {
            return compare.test(facts.score(score));
        }

        @Override
        public void forEachComparison(Consumer<Comparison> visitor) {
            visitor.accept(new Comparison(new ScoreSubject(score), compare));
        }
    }

    /** A leaf: {@code subject op operand}. */
    record Comparison(Subject subject, Predicate predicate) implements Condition {
        @Override
        public boolean test(Facts facts) {
            return predicate.test(subject.read(facts));
        }

        @Override
        public void forEachComparison(Consumer<Comparison> visitor) {
            visitor.accept(this);
        }
    }

    record All(List<Condition> conditions) implements Condition {
        @Override
        public boolean test(Facts facts) {
            for (Condition c : conditions) {
                if (!c.test(facts)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void forEachComparison(Consumer<Comparison> visitor) {
            conditions.forEach(c -> c.forEachComparison(visitor));
        }
    }

    record Any(List<Condition> conditions) implements Condition {
        @Override
        public boolean test(Facts facts) {
            for (Condition c : conditions) {
                if (c.test(facts)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void forEachComparison(Consumer<Comparison> visitor) {
            conditions.forEach(c -> c.forEachComparison(visitor));
        }
    }

    record Not(Condition condition) implements Condition {
        @Override
        public boolean test(Facts facts) {
            return !condition.test(facts);
        }

        @Override
        public void forEachComparison(Consumer<Comparison> visitor) {
            condition.forEachComparison(visitor);
        }
    }

    /** The attribute keys a condition reads (for a fit rule's ledger entry). */
    static Set<String> attributeKeys(Condition condition) {
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        condition.forEachComparison(c -> {
            if (c.subject() instanceof AttributeSubject a) {
                keys.add(a.key());
            }
        });
        return Set.copyOf(keys);
    }
}
