package dev.leadflow.app.predict;

import dev.leadflow.app.port.TrainingRows;
import dev.leadflow.predict.Encoder;
import dev.leadflow.predict.Features.Example;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The naive Bayes baseline's features: every text feature one-hot over the encoder's levels, every
 * number in one of {@value #BINS} bins by the training cycles' quantiles (or missing). All counts are
 * zero or one, as a multinomial naive Bayes wants.
 */
final class Bins {

    static final int BINS = 5;

    private final Encoder encoder;
    /** Per column: the cut points of a number's bins, or null for text. */
    private final List<double[]> cuts;

    private final int[] offsets;

    private Bins(Encoder encoder, List<double[]> cuts) {
        this.encoder = encoder;
        this.cuts = cuts;
        this.offsets = new int[encoder.columns().size()];
        int w = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = w;
            w += encoder.columns().get(i) instanceof Encoder.Categorical k
                    ? k.levels().size()
                    : BINS + 1;
        }
    }

    static Bins of(Encoder encoder, List<Example> train) {
        List<double[]> cuts = new ArrayList<>();
        for (Encoder.Column c : encoder.columns()) {
            if (c instanceof Encoder.Numeric n) {
                double[] v = train.stream()
                        .map(e -> e.features().get(n.name()))
                        .mapToDouble(o -> o instanceof Double d ? d : n.zeroWhenAbsent() ? 0 : Double.NaN)
                        .filter(d -> !Double.isNaN(d))
                        .sorted()
                        .toArray();
                double[] q = new double[BINS - 1];
                for (int i = 0; i < q.length; i++) {
                    q[i] = v.length == 0 ? 0 : v[(int) ((long) (i + 1) * v.length / BINS)];
                }
                cuts.add(q);
            } else {
                cuts.add(new double[0]);
            }
        }
        return new Bins(encoder, cuts);
    }

    TrainingRows rows(List<Example> examples) {
        List<int[]> idx = new ArrayList<>();
        List<double[]> val = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (Example e : examples) {
            int[] row = new int[encoder.columns().size()];
            for (int i = 0; i < row.length; i++) {
                Encoder.Column c = encoder.columns().get(i);
                Object v = e.features().get(c.name());
                row[i] = offsets[i]
                        + switch (c) {
                            case Encoder.Categorical k -> {
                                int level = k.levels().indexOf(v == null ? Encoder.MISSING : Encoder.text(v));
                                yield level >= 0 ? level : k.levels().indexOf(Encoder.OTHER);
                            }
                            case Encoder.Numeric n -> {
                                Double d = v instanceof Double x ? x : n.zeroWhenAbsent() ? Double.valueOf(0) : null;
                                yield d == null ? BINS : bin(cuts.get(i), d);
                            }
                        };
            }
            double[] ones = new double[row.length];
            Arrays.fill(ones, 1.0);
            idx.add(row);
            val.add(ones);
            labels.add(e.positive());
        }
        return new TrainingRows(idx, val, labels);
    }

    private static int bin(double[] cuts, double x) {
        int b = 0;
        while (b < cuts.length && x >= cuts[b]) {
            b++;
        }
        return b;
    }
}
