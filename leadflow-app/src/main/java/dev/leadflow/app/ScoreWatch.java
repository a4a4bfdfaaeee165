package dev.leadflow.app;

import dev.leadflow.engine.Engine;

/**
 * Tells {@code score_crossed} when a record moves a lead's score across a configured threshold:
 * the scores are read before the record is applied and compared after. {@link #NONE} watches
 * nothing.
 */
interface ScoreWatch {

    ScoreWatch NONE = new ScoreWatch() {
        @Override
        public boolean watches() {
            return false;
        }

        @Override
        public double[] before(Engine engine, String leadId, long at) {
            return new double[2];
        }

        @Override
        public void after(Engine engine, String leadId, long at, double[] before, Batch out) {}
    };

    /** Whether anything listens: thresholds are set and a webhook takes {@code score_crossed}. */
    boolean watches();

    /** The scores a record is about to change. */
    double[] before(Engine engine, String leadId, long at);

    /** Writes a {@code score_crossed} event and notice for each threshold crossed since {@link #before}. */
    void after(Engine engine, String leadId, long at, double[] before, Batch out);
}
