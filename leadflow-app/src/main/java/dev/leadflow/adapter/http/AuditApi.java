package dev.leadflow.adapter.http;

import dev.leadflow.adapter.json.LeadJson;
import dev.leadflow.app.port.AuditLog;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/audit} (admin): the audit log of privileged actions, newest first
 * (docs/PRIVACY.md, "Audit log"). Parameters: {@code limit} (1–500, default 100), {@code before}
 * (an entry's seq: the page after it) and {@code action} ({@code lead.erased}, …). Read only: no
 * route changes an entry.
 */
final class AuditApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private static final Set<String> PARAMETERS = Set.of("limit", "before", "action");

    private final AuditLog audit;

    AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    void routes(Routes routes) {
        routes.add("GET", "/api/audit", Access.ADMIN, (ctx, key) -> list(ctx));
    }

    /** One entry as the API shows it. */
    record Row(
            long seq, String at, String actor, String from, String action, String target, Map<String, String> detail) {
        static Row of(AuditLog.Entry e) {
            return new Row(
                    e.seq(),
                    LeadJson.time(e.at()),
                    e.actor().who(),
                    e.actor().from(),
                    e.action().wireName(),
                    e.target(),
                    e.detail());
        }
    }

    /** A page of entries; {@code next} is the {@code before} of the next page, null at the end. */
    record Page(List<Row> entries, @Nullable Long next) {}

    /** A query of the log: at most {@code limit} entries below {@code before}, of {@code action} if given. */
    record Query(int limit, long before, Optional<AuditLog.Action> action) {

        /** The query, or the problems with it added to {@code problems}. */
        static Query parse(Map<String, List<String>> params, List<String> problems) {
            for (String name : params.keySet()) {
                if (!PARAMETERS.contains(name)) {
                    problems.add("unknown parameter '" + name + "' (known: action, before, limit)");
                }
            }
            int limit = LeadQuery.integer(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, problems);
            long before = Long.MAX_VALUE;
            String beforeText = LeadQuery.one(params, "before", problems);
            if (beforeText != null) {
                try {
                    before = Long.parseLong(beforeText);
                } catch (NumberFormatException e) {
                    problems.add("before: expected an entry's seq (a whole number), got '" + beforeText + "'");
                }
            }
            Optional<AuditLog.Action> action = Optional.empty();
            String actionText = LeadQuery.one(params, "action", problems);
            if (actionText != null) {
                action = AuditLog.Action.parse(actionText);
                if (action.isEmpty()) {
                    problems.add("action: unknown '" + actionText + "' (known: "
                            + Arrays.stream(AuditLog.Action.values())
                                    .map(AuditLog.Action::wireName)
                                    .collect(Collectors.joining(", "))
                            + ")");
                }
            }
            return new Query(limit, before, action);
        }

        /** The page this query reads from {@code audit}. */
        Page read(AuditLog audit) {
            List<AuditLog.Entry> entries = audit.newestFirst(limit + 1, before, action);
            List<Row> rows = entries.stream().limit(limit).map(Row::of).toList();
            Long next = entries.size() > limit ? rows.get(rows.size() - 1).seq() : null;
            return new Page(rows, next);
        }
    }

    void list(Context ctx) {
        List<String> problems = new ArrayList<>();
        Query query = Query.parse(ctx.queryParamMap(), problems);
        if (!problems.isEmpty()) {
            Answers.error(ctx, 400, "invalid query", problems);
            return;
        }
        Answers.json(ctx, 200, query.read(audit));
    }
}
