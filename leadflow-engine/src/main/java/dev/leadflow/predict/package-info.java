/**
 * Predictive scoring (docs/PREDICTIVE.md): qualification cycles labelled by their outcome, the
 * features known at each cycle's MQL instant, and the trained artifact that turns them into a
 * calibrated probability with exact per-factor explanations. Pure: the training itself is the
 * application's (it needs a learning library); applying an artifact is here, so that replay,
 * backtest, the server and later runtimes give the same probability.
 */
@NullMarked
package dev.leadflow.predict;

import org.jspecify.annotations.NullMarked;
