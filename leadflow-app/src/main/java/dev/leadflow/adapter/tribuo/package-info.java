/**
 * Learning with Tribuo (docs/PREDICTIVE.md, "Learner"): its LibLinear logistic regression, whose
 * weights become Leadflow's own artifact, and its multinomial naive Bayes as the baseline that
 * {@code predict evaluate} reports beside it.
 */
@NullMarked
package dev.leadflow.adapter.tribuo;

import org.jspecify.annotations.NullMarked;
