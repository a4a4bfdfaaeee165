/**
 * Learning the predictive probability from the instance's own closed cycles (docs/PREDICTIVE.md):
 * training an artifact, evaluating it on a time-ordered hold-out, and the metrics both report.
 */
@NullMarked
package dev.leadflow.app.predict;

import org.jspecify.annotations.NullMarked;
