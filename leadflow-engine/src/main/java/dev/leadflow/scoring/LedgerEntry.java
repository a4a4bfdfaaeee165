package dev.leadflow.scoring;

import dev.leadflow.model.Score;
import org.jspecify.annotations.Nullable;

/**
 * One line of a lead's score ledger: the points one rule contributes to one score now.
 *
 * @param rule   the rule's name
 * @param score  the score it belongs to
 * @param points the points now (decayed, for engagement)
 * @param event  the id of the record behind it (for fit: the latest write of an attribute the rule
 *               reads), or null when there is none (a fit rule that holds on absent attributes)
 * @param at     that record's time in epoch milliseconds, or null with {@code event}
 */
public record LedgerEntry(
        String rule,
        Score score,
        double points,
        @Nullable String event,
        @Nullable Long at) {}
