package dev.leadflow.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns raw features into the numbers a linear model reads (docs/PREDICTIVE.md, "Features"), as
 * learned from the training cycles: a number is log-scaled ({@code sign(x)·ln(1+|x|)}) and
 * standardised, binned at the training's quintiles (a linear model then sees a curve, such as a
 * U-shape in age), with an indicator when it is missing; text is one-hot over its common levels,
 * rare ones pooled as {@value #OTHER} (as are levels never seen in training) and an absent one as
 * {@value #MISSING}. Attributes and event counts present on fewer than 1% of the cycles are left
 * out (unless the model lists the attribute), as is a feature that never varies. Immutable.
 */
public final class Encoder {

    public static final String OTHER = "(other)";
    public static final String MISSING = "(missing)";

    /** Numbers are binned at their quintiles. */
    static final int QUANTILES = 5;

    /** A raw feature and the encoded features it makes. */
    public sealed interface Column permits Numeric, Categorical {
        String name();

        int width();
    }

    /**
     * A number: {@code (slog(x) - center) / scale}, then one feature per bin between its {@code cuts}
     * (none when it has too few values), then a missing indicator when {@code missing}.
     * {@code zeroWhenAbsent} for counts: absent is zero, never missing.
     */
    public record Numeric(
            String name, double center, double scale, List<Double> cuts, boolean missing, boolean zeroWhenAbsent)
            implements Column {
        public Numeric {
            cuts = List.copyOf(cuts);
        }

        @Override
        public int width() {
            return 1 + bins() + (missing ? 1 : 0);
        }

        int bins() {
            return cuts.isEmpty() ? 0 : cuts.size() + 1;
        }

        double encode(double x) {
            return (slog(x) - center) / scale;
        }

        /** Bin {@code b} as text: {@code [25, 30)}, {@code (-inf, 25)}, {@code [60, inf)}; {@code all} without bins. */
        public String range(int b) {
            if (cuts.isEmpty()) {
                return "all";
            }
            return (b == 0 ? "(-inf" : "[" + text(cuts.get(b - 1))) + ", "
                    + (b == cuts.size() ? "inf)" : text(cuts.get(b)) + ")");
        }

        /** The bin of {@code x}: how many cuts are at or below it. */
        public int bin(double x) {
            int b = 0;
            while (b < cuts.size() && x >= cuts.get(b)) {
                b++;
            }
            return b;
        }
    }

    /** Text: one feature per level, {@link #OTHER} and {@link #MISSING} among them. */
    public record Categorical(String name, List<String> levels) implements Column {
        public Categorical {
            levels = List.copyOf(levels);
        }

        @Override
        public int width() {
            return levels.size();
        }
    }

    /** One encoded value: the column, its index and its value there. */
    record Cell(int column, int index, double value) {}

    /** A sparse encoded row. */
    public static final class Sparse {
        private final int[] indices;
        private final double[] values;

        Sparse(int[] indices, double[] values) {
            this.indices = indices;
            this.values = values;
        }

        public int[] indices() {
            return indices.clone();
        }

        public double[] values() {
            return values.clone();
        }
    }

    /** Where {@link #encode(int, Object, Sink)} puts a column's non-zero encoded values, in index order. */
    interface Sink {
        void add(int column, int index, double value);
    }

    private final List<Column> columns;
    private final int[] offsets;
    private final int width;
    /** Per text column, each level's index among its levels; empty for a number. */
    private final List<Map<String, Integer>> levelIndex;
    /** Per number column, its cuts as an array (none for text). */
    private final List<double[]> cutArrays;

    public Encoder(List<Column> columns) {
        this.columns = List.copyOf(columns);
        this.offsets = new int[columns.size()];
        List<Map<String, Integer>> levels = new ArrayList<>(columns.size());
        List<double[]> cutList = new ArrayList<>(columns.size());
        int w = 0;
        for (int i = 0; i < columns.size(); i++) {
            offsets[i] = w;
            w += columns.get(i).width();
            Map<String, Integer> index = new java.util.HashMap<>();
            if (columns.get(i) instanceof Categorical k) {
                for (int l = 0; l < k.levels().size(); l++) {
                    index.put(k.levels().get(l), l);
                }
            }
            levels.add(index);
            cutList.add(
                    columns.get(i) instanceof Numeric n
                            ? n.cuts().stream().mapToDouble(Double::doubleValue).toArray()
                            : new double[0]);
        }
        this.levelIndex = List.copyOf(levels);
        this.cutArrays = List.copyOf(cutList);
        this.width = w;
    }

    public List<Column> columns() {
        return columns;
    }

    /** How many encoded features there are. */
    public int width() {
        return width;
    }

    /** The encoded features' names, in index order: {@code fit}, {@code fit in [10, 20)}, {@code touch.source = google}. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(width);
        for (Column c : columns) {
            switch (c) {
                case Numeric n -> {
                    names.add(n.name());
                    for (int b = 0; b < n.bins(); b++) {
                        names.add(n.name() + " in " + n.range(b));
                    }
                    if (n.missing()) {
                        names.add(n.name() + " = " + MISSING);
                    }
                }
                case Categorical k -> k.levels().forEach(l -> names.add(k.name() + " = " + l));
            }
        }
        return names;
    }

    /** The encoded features of {@code raw} that are not zero: their indices (ascending) and values. */
    public Sparse sparse(SortedMap<String, Object> raw) {
        List<Cell> cells = encode(raw);
        int[] idx = new int[cells.size()];
        double[] val = new double[cells.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = cells.get(i).index();
            val[i] = cells.get(i).value();
        }
        return new Sparse(idx, val);
    }

    /** The non-zero encoded values of {@code raw}, in index order (raw features without a column ignored). */
    List<Cell> encode(SortedMap<String, Object> raw) {
        List<Cell> cells = new ArrayList<>(columns.size() * 2);
        Sink sink = (column, index, value) -> cells.add(new Cell(column, index, value));
        for (int i = 0; i < columns.size(); i++) {
            encode(i, raw.get(columns.get(i).name()), sink);
        }
        return cells;
    }

    /**
     * Column {@code i}'s non-zero encoded values for the raw value {@code v} (null: absent), in
     * index order: what every way of applying the artifact shares, so that all give the same sums.
     */
    void encode(int i, @Nullable Object v, Sink out) {
        if (numeric(i)) {
            encodeNumber(i, v instanceof Double d ? d : Double.NaN, out);
        } else {
            encodeText(i, v, out);
        }
    }

    /** Whether column {@code i} is a number. */
    boolean numeric(int i) {
        return columns.get(i) instanceof Numeric;
    }

    /**
     * Number column {@code i}'s encoded values for {@code x}, NaN when absent (or not a number; a
     * count column is never given text, so for it NaN is zero).
     */
    void encodeNumber(int i, double x, Sink out) {
        Numeric n = (Numeric) columns.get(i);
        boolean present = !Double.isNaN(x);
        if (present || n.zeroWhenAbsent()) {
            double v = present ? x : 0.0;
            out.add(i, offsets[i], n.encode(v));
            int b = bin(i, v);
            if (b >= 0) {
                out.add(i, offsets[i] + 1 + b, 1.0);
            }
        } else if (n.missing()) {
            out.add(i, offsets[i] + 1 + n.bins(), 1.0);
        }
    }

    /**
     * Number column {@code i}'s share of a logit with {@code weights} for {@code x} (NaN: absent):
     * its {@link #encodeNumber} values weighted and added in index order, from zero.
     */
    double numberShare(int i, double x, double[] weights) {
        Numeric n = (Numeric) columns.get(i);
        boolean present = !Double.isNaN(x);
        if (present || n.zeroWhenAbsent()) {
            double v = present ? x : 0.0;
            double share = weights[offsets[i]] * n.encode(v);
            int b = bin(i, v);
            return b >= 0 ? share + weights[offsets[i] + 1 + b] * 1.0 : share;
        }
        return n.missing() ? weights[offsets[i] + 1 + n.bins()] * 1.0 : 0.0;
    }

    /** The bin of {@code v} in number column {@code i}, as {@link Numeric#bin} finds it; -1 without bins. */
    private int bin(int i, double v) {
        double[] cuts = cutArrays.get(i);
        if (cuts.length == 0) {
            return -1;
        }
        int b = 0;
        while (b < cuts.length && v >= cuts[b]) {
            b++;
        }
        return b;
    }

    /** Text column {@code i}'s encoded value for {@code v}: its level, {@link #OTHER} or {@link #MISSING}. */
    void encodeText(int i, @Nullable Object v, Sink out) {
        Integer level = levelOf(i, v);
        if (level != null) {
            out.add(i, offsets[i] + level, 1.0);
        }
    }

    /** Text column {@code i}'s share of a logit with {@code weights} for {@code v}: its {@link #encodeText} value weighted. */
    double textShare(int i, @Nullable Object v, double[] weights) {
        Integer level = levelOf(i, v);
        return level == null ? 0.0 : weights[offsets[i] + level] * 1.0;
    }

    private @Nullable Integer levelOf(int i, @Nullable Object v) {
        Map<String, Integer> index = levelIndex.get(i);
        Integer level = v == null ? index.get(MISSING) : index.get(text(v));
        if (level == null && v != null) {
            level = index.get(OTHER);
        }
        return level;
    }

    /** The level a text column gives {@code v}: its own, {@link #OTHER} or {@link #MISSING}. */
    static String level(Categorical k, @Nullable Object v) {
        if (v == null) {
            return MISSING;
        }
        return k.levels().contains(text(v)) ? text(v) : OTHER;
    }

    /**
     * The encoder for {@code rows} (the training cycles' raw features): which raw features, each
     * numeric or text, and each text feature's levels seen at least {@code minLevel} times.
     */
    public static Encoder fit(List<SortedMap<String, Object>> rows, Predictive spec, int minLevel) {
        Map<String, List<Object>> values = new TreeMap<>();
        for (SortedMap<String, Object> row : rows) {
            row.forEach(
                    (k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        double floor = Math.max(1, Math.ceil(rows.size() * 0.01));
        List<Column> columns = new ArrayList<>();
        for (Map.Entry<String, List<Object>> e : values.entrySet()) {
            String name = e.getKey();
            List<Object> present = e.getValue();
            boolean listed = spec.attributes().isPresent() && name.startsWith(Features.ATTRIBUTE);
            if (!listed
                    && (name.startsWith(Features.ATTRIBUTE) || name.startsWith(Features.EVENTS))
                    && present.size() < floor) {
                continue;
            }
            boolean missing = present.size() < rows.size();
            Column c = present.stream().allMatch(Double.class::isInstance)
                    ? numeric(name, present, rows.size(), missing)
                    : categorical(name, present, missing, minLevel);
            if (informative(c, present, rows.size())) {
                columns.add(c);
            }
        }
        return new Encoder(columns);
    }

    private static Numeric numeric(String name, List<Object> present, int rows, boolean missing) {
        boolean counts = name.startsWith(Features.EVENTS);
        int n = counts ? rows : present.size();
        double[] sorted = new double[n]; // absent counts stay zeros
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < present.size(); i++) {
            sorted[i] = (Double) present.get(i);
            double x = slog(sorted[i]);
            sum += x;
            squares += x * x;
        }
        Arrays.sort(sorted);
        double mean = sum / n;
        double sd = Math.sqrt(Math.max(0, squares / n - mean * mean));
        TreeSet<Double> cuts = new TreeSet<>();
        for (int q = 1; q < QUANTILES; q++) {
            double cut = sorted[(int) ((long) q * n / QUANTILES)];
            if (cut > sorted[0]) {
                cuts.add(cut);
            }
        }
        return new Numeric(name, mean, sd > 1e-12 ? sd : 1.0, List.copyOf(cuts), missing && !counts, counts);
    }

    private static Categorical categorical(String name, List<Object> present, boolean missing, int minLevel) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        present.forEach(v -> counts.merge(text(v), 1, Integer::sum));
        List<String> levels = new ArrayList<>(counts.entrySet().stream()
                .filter(l -> l.getValue() >= minLevel
                        && !l.getKey().equals(OTHER)
                        && !l.getKey().equals(MISSING))
                .map(Map.Entry::getKey)
                .sorted()
                .toList());
        levels.add(OTHER);
        if (missing) {
            levels.add(MISSING);
        }
        return new Categorical(name, levels);
    }

    /** Whether a column can tell the training cycles apart: two encoded values seen among them. */
    private static boolean informative(Column c, List<Object> present, int rows) {
        int absent = present.size() < rows ? 1 : 0;
        return switch (c) {
            case Numeric n -> present.stream().distinct().limit(2).count() + absent > 1;
            case Categorical k -> {
                Set<String> seen = new HashSet<>();
                present.forEach(v -> seen.add(level(k, v)));
                yield seen.size() + absent > 1;
            }
        };
    }

    /** A raw value as a level: whole numbers without a decimal point. */
    public static String text(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return v.toString();
    }

    /** {@code slog} of the small whole numbers (event counts), computed once. */
    private static final double[] SLOG = new double[256];

    static {
        for (int i = 0; i < SLOG.length; i++) {
            SLOG[i] = Math.signum((double) i) * Math.log1p(i);
        }
    }

    static double slog(double x) {
        if (x >= 0 && x < SLOG.length && x == (int) x) {
            return SLOG[(int) x]; // the same number, without the logarithm
        }
        return Math.signum(x) * Math.log1p(Math.abs(x));
    }
}
