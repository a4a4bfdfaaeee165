package dev.leadflow.model;

import java.util.Set;

/**
 * A fit rule: {@code points} while {@code condition} holds on the current profile.
 *
 * @param attributes the attribute keys the condition reads (to name the record behind a ledger entry)
 */
public record FitRule(String name, Condition condition, double points, Set<String> attributes) {}
