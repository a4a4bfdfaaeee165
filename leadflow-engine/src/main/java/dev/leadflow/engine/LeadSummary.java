package dev.leadflow.engine;

import dev.leadflow.lifecycle.Stage;
import java.util.Optional;

/**
 * A lead's headline as of one instant, cheap enough to compute for every lead of a list: no
 * ledger, no history. Immutable.
 *
 * @param email   the {@code email} attribute, if any
 * @param name    {@code name}, else {@code first_name} and {@code last_name} joined, if any
 * @param company the {@code company.name} attribute, if any
 */
public record LeadSummary(
        String id,
        Stage stage,
        double fit,
        double engagement,
        Optional<String> grade,
        int cycle,
        Optional<Long> mqlAt,
        Optional<String> email,
        Optional<String> name,
        Optional<String> company) {}
