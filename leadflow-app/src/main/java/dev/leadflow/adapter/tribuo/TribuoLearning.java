package dev.leadflow.adapter.tribuo;

import de.bwaldvogel.liblinear.Model;
import dev.leadflow.app.port.Learning;
import dev.leadflow.app.port.TrainingRows;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.VariableIDInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.liblinear.LinearClassificationType.LinearType;
import org.tribuo.classification.mnb.MultinomialNaiveBayesModel;
import org.tribuo.classification.mnb.MultinomialNaiveBayesTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * {@link Learning} by Tribuo: its LibLinear L2-regularised logistic regression (a trust-region
 * Newton solver: the same rows give the same weights), whose weights are read out into plain arrays
 * so that the engine applies them without Tribuo, and its multinomial naive Bayes with Laplace
 * smoothing. Each encoded feature is named by its index, and every row also has the constant
 * feature {@value #ONE} (Tribuo refuses a row without features), whose weight joins the bias.
 */
public final class TribuoLearning implements Learning {

    static final Label POSITIVE = new Label("1");
    static final Label NEGATIVE = new Label("0");
    private static final OffsetDateTime EPOCH = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final String ONE = "one";
    private static final int MAX_ITERATIONS = 1000;
    private static final double EPSILON = 0.001;

    @Override
    public LinearFit logistic(TrainingRows rows, int width, double cost) {
        return weights(model(rows, cost), width);
    }

    @Override
    public Scorer naiveBayes(TrainingRows rows) {
        MultinomialNaiveBayesModel model =
                (MultinomialNaiveBayesModel) new MultinomialNaiveBayesTrainer(1.0).train(dataset(rows));
        return (idx, val) -> {
            Label p =
                    model.predict(example(idx, val, NEGATIVE)).getOutputScores().get(POSITIVE.getLabel());
            return p == null ? 0 : p.getScore();
        };
    }

    /** Trees of depth 4, learning rate 0.1, 200 rounds, row and column subsampling 0.8, one thread, a fixed seed. */
    @Override
    public Scorer gradientBoosting(TrainingRows rows) {
        org.tribuo.Model<Label> model = new org.tribuo.classification.xgboost.XGBoostClassificationTrainer(
                        200, 0.1, 0, 4, 1, 0.8, 0.8, 1, 0, 1, true, 17L)
                .train(dataset(rows));
        return (idx, val) -> {
            Label p =
                    model.predict(example(idx, val, NEGATIVE)).getOutputScores().get(POSITIVE.getLabel());
            return p == null ? 0 : p.getScore();
        };
    }

    static LibLinearClassificationModel model(TrainingRows rows, double cost) {
        return (LibLinearClassificationModel) new LibLinearClassificationTrainer(
                        new LinearClassificationType(LinearType.L2R_LR), cost, MAX_ITERATIONS, EPSILON)
                .train(dataset(rows));
    }

    /**
     * The model's weights by encoded index. Tribuo hands LibLinear feature {@code id + 1} for the
     * feature of id {@code id} and a bias feature after the last, so LibLinear's weight {@code id}
     * and its last; LibLinear's decision value favours its first label.
     */
    static LinearFit weights(LibLinearClassificationModel model, int width) {
        Model inner = model.getInnerModels().getFirst();
        double[] w = inner.getFeatureWeights();
        ImmutableFeatureMap features = model.getFeatureIDMap();
        int positive = model.getOutputIDInfo().getID(POSITIVE);
        double sign = inner.getLabels()[0] == positive ? 1 : -1;
        double[] out = new double[width];
        double bias = inner.getBias() >= 0 ? sign * w[features.size()] * inner.getBias() : 0;
        for (int id = 0; id < features.size(); id++) {
            VariableIDInfo info = features.get(id);
            if (info.getName().equals(ONE)) {
                bias += sign * w[info.getID()];
            } else {
                out[Integer.parseInt(info.getName().substring(1))] = sign * w[info.getID()];
            }
        }
        return new LinearFit(out, bias);
    }

    /** Tribuo's own probability of the positive label for one row (what the read-out weights must give). */
    static double tribuoProbability(LibLinearClassificationModel model, int[] idx, double[] val) {
        Label p = model.predict(example(idx, val, NEGATIVE)).getOutputScores().get(POSITIVE.getLabel());
        return p == null ? Double.NaN : p.getScore();
    }

    private static MutableDataset<Label> dataset(TrainingRows rows) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data =
                new MutableDataset<>(new SimpleDataSourceProvenance("leadflow cycles", EPOCH, factory), factory);
        for (int r = 0; r < rows.size(); r++) {
            data.add(example(
                    rows.indices().get(r), rows.values().get(r), rows.labels().get(r) ? POSITIVE : NEGATIVE));
        }
        return data;
    }

    private static ArrayExample<Label> example(int[] idx, double[] val, Label label) {
        String[] names = new String[idx.length + 1];
        double[] values = new double[idx.length + 1];
        for (int i = 0; i < idx.length; i++) {
            names[i] = "f" + idx[i];
            values[i] = val[i];
        }
        names[idx.length] = ONE;
        values[idx.length] = 1.0;
        return new ArrayExample<>(label, names, values);
    }
}
