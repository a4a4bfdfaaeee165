package dev.leadflow.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * A trained predictive artifact (docs/PREDICTIVE.md): the {@link Encoder}, a logistic regression's
 * weights and bias, and a Platt calibration of its logit. Its probability is
 * {@code σ(slope · (bias + Σ wᵢxᵢ) + intercept)}, and its explanation says the same sum grouped
 * by raw feature: the base value {@code slope · bias + intercept} plus one contribution per raw
 * feature adds up to the logit (to the last bits of rounding), as {@link #explain} shows. Immutable and
 * thread-safe: every runtime that applies the same artifact gets the same probability.
 */
public final class Predictor {

    /** What the artifact was trained on. */
    public record Trained(Predictive.Target target, int cycles, int positives, String modelId, long trainedAt) {
        public Trained {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(modelId, "modelId");
        }
    }

    /**
     * One raw feature's share of the logit: its value (as text; null when absent), the level or the
     * bin it fell in ({@code software}, {@code (other)}, {@code [25, 30)}) and the contribution.
     */
    public record Factor(String feature, @Nullable String value, String level, boolean numeric, double contribution) {

        /** {@code company.industry = software}. */
        public String label() {
            return feature + " = " + (value == null ? Encoder.MISSING : value);
        }

        /** What the factor says for a group of leads: {@code company.industry = software}, {@code attribute.age in [25, 30)}. */
        public String group() {
            return numeric && !level.equals(Encoder.MISSING) ? feature + " in " + level : feature + " = " + level;
        }
    }

    /** The logit as {@code base} plus the factors (by falling |contribution|), and the probability. */
    public record Explanation(double base, List<Factor> factors, double logit, double probability) {
        public Explanation {
            factors = List.copyOf(factors);
        }

        /** The {@code n} largest positive contributions. */
        public List<Factor> positive(int n) {
            return factors.stream().filter(f -> f.contribution() > 0).limit(n).toList();
        }

        /** The {@code n} largest negative contributions. */
        public List<Factor> negative(int n) {
            return factors.stream().filter(f -> f.contribution() < 0).limit(n).toList();
        }
    }

    /** A lead's raw features one column at a time, as {@link Signals} reads them. */
    interface Source {
        /** A number column's value; NaN when absent. */
        double number(int column);

        /** A text column's value (null: absent). */
        @Nullable
        Object text(int column);

        /**
         * The column's share of the raw logit: by default {@link Predictor#share} of its value. A
         * source that knows it faster (kept from an earlier record, or from a table) must give the
         * same number.
         */
        default double share(Predictor predictor, int column) {
            return predictor.share(column, this);
        }
    }

    /** The event counts whose shares {@link #countShare} keeps in a table: below this. */
    static final int COUNTS_TABLED = 64;

    private final Encoder encoder;
    private final FeatureReads reads;
    private final double[] weights;
    private final double bias;
    private final double slope;
    private final double intercept;
    private final Trained trained;
    /** Per event-count column, its share for each count below {@link #COUNTS_TABLED}; null for other columns. */
    private final double[] @Nullable [] countShares;
    /** Per weekday column, its share for each weekday from Monday; null for other columns. */
    private final double[] @Nullable [] weekdayShares;

    public Predictor(Encoder encoder, double[] weights, double bias, double slope, double intercept, Trained trained) {
        if (weights.length != encoder.width()) {
            throw new IllegalArgumentException(
                    "weights: " + weights.length + " for " + encoder.width() + " encoded features");
        }
        this.encoder = encoder;
        this.reads = FeatureReads.of(encoder.columns());
        this.weights = weights.clone();
        this.bias = bias;
        this.slope = slope;
        this.intercept = intercept;
        this.trained = Objects.requireNonNull(trained, "trained");
        this.countShares = new double[reads.size()][];
        this.weekdayShares = new double[reads.size()][];
        for (int i = 0; i < reads.size(); i++) {
            if (reads.get(i).kind() == FeatureReads.Kind.WEEKDAY && !encoder.numeric(i)) {
                double[] table = new double[Signals.WEEKDAY_NAMES.size()];
                for (int d = 0; d < table.length; d++) {
                    table[d] = encoder.textShare(i, Signals.WEEKDAY_NAMES.get(d), this.weights);
                }
                weekdayShares[i] = table;
            }
            if (reads.get(i).kind() == FeatureReads.Kind.EVENTS && encoder.numeric(i)) {
                double[] table = new double[COUNTS_TABLED];
                for (int n = 0; n < table.length; n++) {
                    table[n] = encoder.numberShare(i, n > 0 ? n : Double.NaN, this.weights);
                }
                countShares[i] = table;
            }
        }
    }

    public Encoder encoder() {
        return encoder;
    }

    public double[] weights() {
        return weights.clone();
    }

    public double bias() {
        return bias;
    }

    public double slope() {
        return slope;
    }

    public double intercept() {
        return intercept;
    }

    public Trained trained() {
        return trained;
    }

    /** The calibrated probability of the target for these raw features: {@code σ(slope · rawLogit + intercept)}. */
    public double probability(SortedMap<String, Object> raw) {
        return sigmoid(slope * rawLogit(raw) + intercept);
    }

    /** The logit before calibration (what the regression itself says). */
    public double rawLogit(SortedMap<String, Object> raw) {
        return rawLogit(new Source() {
            @Override
            public double number(int column) {
                return raw.get(encoder.columns().get(column).name()) instanceof Double d ? d : Double.NaN;
            }

            @Override
            public @Nullable Object text(int column) {
                return raw.get(encoder.columns().get(column).name());
            }
        });
    }

    /** {@link #probability(SortedMap)} of the features {@code source} gives column by column: the same number. */
    double probability(Source source) {
        return sigmoid(slope * rawLogit(source) + intercept);
    }

    FeatureReads reads() {
        return reads;
    }

    /**
     * The bias plus each column's share in column order, a share being its encoded values weighted
     * and added from zero: the one order every way of applying the artifact adds it in.
     */
    private double rawLogit(Source source) {
        double z = bias;
        for (int i = 0; i < reads.size(); i++) {
            z += source.share(this, i);
        }
        return z;
    }

    /** Column {@code column}'s share of the raw logit for the value {@code source} gives it. */
    double share(int column, Source source) {
        return encoder.numeric(column)
                ? encoder.numberShare(column, source.number(column), weights)
                : encoder.textShare(column, source.text(column), weights);
    }

    /** Column {@code column}'s share for text (or a number in a text column) {@code value}. */
    double textShare(int column, @Nullable Object value) {
        return encoder.textShare(column, value, weights);
    }

    /** Column {@code column}'s share for number {@code value} (NaN: absent). */
    double numberShare(int column, double value) {
        return encoder.numberShare(column, value, weights);
    }

    /** Weekday column {@code column}'s share for weekday {@code day} (0: Monday): the same number as {@link #share}. */
    double weekdayShare(int column, int day) {
        double @Nullable [] table = weekdayShares[column];
        return table != null
                ? table[day]
                : numberShare(column, Double.NaN); // a number column: the weekday is not a number
    }

    /**
     * Event-count column {@code column}'s share for {@code n} events (0: absent, as the feature
     * map leaves it out), from its table when small: the same number as {@link #share}.
     */
    double countShare(int column, int n) {
        double @Nullable [] table = countShares[column];
        if (table != null && n < COUNTS_TABLED) {
            return table[n];
        }
        return encoder.numeric(column)
                ? numberShare(column, n > 0 ? n : Double.NaN)
                : textShare(
                        column, n > 0 ? (Object) (double) n : null); // a count in a text column, as the map holds it
    }

    /** The probability and its exact decomposition by raw feature. */
    public Explanation explain(SortedMap<String, Object> raw) {
        List<Encoder.Column> columns = encoder.columns();
        double[] share = new double[columns.size()];
        for (Encoder.Cell c : encoder.encode(raw)) {
            share[c.column()] += slope * weights[c.index()] * c.value();
        }
        double base = slope * bias + intercept;
        List<Factor> factors = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Encoder.Column column = columns.get(i);
            Object v = raw.get(column.name());
            if (v == null && column instanceof Encoder.Numeric n && n.zeroWhenAbsent()) {
                v = 0.0;
            }
            String level = switch (column) {
                case Encoder.Categorical k -> Encoder.level(k, v);
                case Encoder.Numeric n -> v instanceof Double d ? n.range(n.bin(d)) : Encoder.MISSING;
            };
            factors.add(new Factor(
                    column.name(),
                    v == null ? null : Encoder.text(v),
                    level,
                    column instanceof Encoder.Numeric,
                    share[i]));
        }
        factors.sort(Comparator.comparingDouble((Factor f) -> -Math.abs(f.contribution()))
                .thenComparing(Factor::feature));
        double logit = slope * rawLogit(raw) + intercept; // the probability's own logit: the factors sum to it
        return new Explanation(base, factors, logit, sigmoid(logit));
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Predictor p
                && encoder.columns().equals(p.encoder.columns())
                && Arrays.equals(weights, p.weights)
                && Double.compare(bias, p.bias) == 0
                && Double.compare(slope, p.slope) == 0
                && Double.compare(intercept, p.intercept) == 0
                && trained.equals(p.trained);
    }

    @Override
    public int hashCode() {
        return Objects.hash(encoder.columns(), Arrays.hashCode(weights), bias, slope, intercept, trained);
    }
}
