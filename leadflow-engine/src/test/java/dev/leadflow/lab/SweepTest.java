package dev.leadflow.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.fixtures.Models;
import dev.leadflow.model.Model;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sweep: the MQL thresholds of a model and its variants")
class SweepTest {

    static final String NESTED = Models.SMALL.replace(
            "all: [ { score: fit, gte: 30 }, { score: engagement, gte: 20 } ]",
            "all: [ { score: fit, gte: 30 }, { not: { score: engagement, lt: 20 } }, { attribute: company.employees, gt: 200 } ]");

    @Test
    void findsEveryComparisonWithItsPath() {
        List<Sweep.Threshold> found = Sweep.of(NESTED).thresholds();

        assertThat(found)
                .extracting(
                        Sweep.Threshold::path,
                        Sweep.Threshold::subject,
                        Sweep.Threshold::operator,
                        Sweep.Threshold::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("lifecycle.mql.all[0].gte", "score: fit", "gte", 30.0),
                        org.assertj.core.groups.Tuple.tuple(
                                "lifecycle.mql.all[1].not.lt", "score: engagement", "lt", 20.0),
                        org.assertj.core.groups.Tuple.tuple(
                                "lifecycle.mql.all[2].gt", "attribute: company.employees", "gt", 200.0));
    }

    @Test
    void aModelWithoutCriteriaHasNothingToSweep() {
        assertThat(Sweep.of("name: bare\nversion: 1\n").thresholds()).isEmpty();
    }

    @Test
    void valuesAreNiceStepsAroundTheModelsOwnAndNeverBelowZero() {
        var engagement = new Sweep.Threshold("p", "score: engagement", "gte", 40);
        var fit = new Sweep.Threshold("p", "score: fit", "gte", 10);

        assertThat(engagement.values()).containsExactly(20.0, 25.0, 30.0, 35.0, 40.0, 45.0, 50.0, 55.0, 60.0);
        assertThat(fit.values()).containsExactly(6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0);
        assertThat(new Sweep.Threshold("p", "score: fit", "gte", 2).values())
                .containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        assertThat(new Sweep.Threshold("p", "a", "gte", 200).values()).first().isEqualTo(120.0);
    }

    @Test
    void aVariantIsTheModelWithThatNumberEdited() {
        Sweep sweep = Sweep.of(Models.SMALL);
        Sweep.Threshold engagement = sweep.thresholds().get(1);

        Model variant = sweep.with(engagement, 35);

        Model byHand =
                Models.parse(Models.SMALL.replace("{ score: engagement, gte: 20 }", "{ score: engagement, gte: 35 }"));
        assertThat(variant.lifecycle().mql()).isEqualTo(byHand.lifecycle().mql());
        assertThat(variant.fit()).isEqualTo(byHand.fit());
    }

    @Test
    void aHugeThresholdSweepsOnlyFiniteValues() {
        assertThat(new Sweep.Threshold("p", "score: fit", "gte", 1.7e308).values())
                .allMatch(Double::isFinite);
    }

    @Test
    void onlyTheFirstEightThresholdsAreSwept() {
        StringBuilder any = new StringBuilder("any: [");
        for (int i = 0; i < 12; i++) {
            any.append(i == 0 ? "" : ", ")
                    .append("{ score: fit, gte: ")
                    .append(10 + i)
                    .append(" }");
        }
        String yaml =
                Models.SMALL.replace("all: [ { score: fit, gte: 30 }, { score: engagement, gte: 20 } ]", any + "]");

        Sweep sweep = Sweep.of(yaml);

        assertThat(sweep.thresholds()).hasSize(12);
        assertThat(sweep.swept())
                .hasSize(Sweep.MAX_THRESHOLDS)
                .isEqualTo(sweep.thresholds().subList(0, 8));
    }
}
