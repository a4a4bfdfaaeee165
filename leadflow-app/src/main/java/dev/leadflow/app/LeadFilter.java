package dev.leadflow.app;

import dev.leadflow.engine.LeadSummary;
import dev.leadflow.lifecycle.Stage;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Which leads a list shows, as three tests from the cheapest: by stage, by id (e.g. who owns the
 * lead) and by the lead's summary (grade, scores, text); null for a test not asked. A list walks
 * every lead, so a lead that fails a cheap test costs no summary.
 *
 * @param stages the stages wanted (null: any)
 * @param ids the ids wanted (null: any)
 * @param summaries the summaries wanted (null: any)
 */
public record LeadFilter(
        @Nullable Set<Stage> stages,
        @Nullable Predicate<String> ids,
        @Nullable Predicate<LeadSummary> summaries) {

    /** Every lead. */
    public static final LeadFilter ANY = new LeadFilter(null, null, null);

    /** Whether a lead of this id and stage passes the first two tests. */
    boolean accepts(String id, Stage stage) {
        return (stages == null || stages.contains(stage)) && (ids == null || ids.test(id));
    }
}
