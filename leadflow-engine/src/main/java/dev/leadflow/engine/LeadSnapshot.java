package dev.leadflow.engine;

import dev.leadflow.lifecycle.Stage;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.predict.Predictor;
import dev.leadflow.scoring.LedgerEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lead as of one instant: what {@code replay} prints and the API shows. Immutable.
 *
 * @param id          the lead id: the userId, or {@code anon:<anonymousId>} for a visitor not yet identified
 * @param fit         the fit score (the sum of the fit ledger entries)
 * @param engagement  the engagement score at {@code at} (the sum of the engagement ledger entries)
 * @param grade       e.g. {@code A1}, when the model has grades
 * @param cycle       0 before the first MQL
 * @param mqlAt       when the lead last entered MQL (epoch ms), if ever
 * @param model       the {@code name@version} of the model that made the scores
 * @param at          the instant of the snapshot (epoch ms)
 * @param probability the predictive probability as of the lead's latest record and its factors,
 *                    when the model has a trained predictor (docs/PREDICTIVE.md)
 */
public record LeadSnapshot(
        String id,
        Stage stage,
        double fit,
        double engagement,
        Optional<String> grade,
        int cycle,
        Optional<Long> mqlAt,
        String model,
        long at,
        List<LedgerEntry> ledger,
        List<Transition> transitions,
        Map<String, Object> profile,
        List<String> anonymousIds,
        Optional<Predictor.Explanation> probability) {}
