package dev.leadflow.adapter.web;

import dev.leadflow.input.Fields;
import dev.leadflow.input.Group;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.Page;
import dev.leadflow.input.Track;
import dev.leadflow.model.Condition;
import dev.leadflow.model.Model;
import dev.leadflow.predict.Encoder;
import dev.leadflow.scoring.LedgerEntry;
import dev.leadflow.scoring.ScoringState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a ledger line's record was, in a person's words rather than its messageId:
 * {@code page /pricing}, {@code content_downloaded bofu} (the values the rule's condition read),
 * {@code identify job.seniority vp} (the traits a fit rule read), {@code session started}.
 */
final class LedgerLabels {

    private static final String DERIVED = "#" + ScoringState.SESSION_STARTED;

    private LedgerLabels() {}

    /** The label of {@code e}'s record among {@code records} (by messageId); its id when the record is not there. */
    static String of(LedgerEntry e, Map<String, Input> records, Model model) {
        String id = e.event();
        if (id == null) {
            return "";
        }
        if (id.endsWith(DERIVED)) {
            return "session started";
        }
        Input in = records.get(id);
        return switch (in) {
            case null -> id;
            case Page p -> "page " + first(p.properties(), "path", "context.page.path", "name", "category");
            case Track t -> join(t.name(), values(t.properties(), propertiesRead(model, e.rule())));
            case Identify i -> join("identify", traits(i.traits(), attributesRead(model, e.rule())));
            case Group g -> join("group", traits(g.traits(), attributesRead(model, e.rule())));
            default -> id;
        };
    }

    private static String first(Fields f, String... keys) {
        for (String k : keys) {
            Object v = f.get(k);
            if (v != null && !v.toString().isBlank()) {
                return v.toString();
            }
        }
        return "";
    }

    private static Set<String> propertiesRead(Model model, String rule) {
        Set<String> keys = new TreeSet<>();
        model.engagement().rules().stream()
                .filter(r -> r.name().equals(rule))
                .forEach(r -> r.condition().forEachComparison(c -> {
                    if (c.subject() instanceof Condition.PropertySubject p) {
                        keys.add(p.key());
                    }
                }));
        return keys;
    }

    private static Set<String> attributesRead(Model model, String rule) {
        Set<String> keys = new TreeSet<>();
        model.fit().stream().filter(r -> r.name().equals(rule)).forEach(r -> keys.addAll(r.attributes()));
        return keys;
    }

    private static List<String> values(Fields f, Set<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            @Nullable Object v = f.get(k);
            if (v != null) {
                out.add(Encoder.text(v));
            }
        }
        return out;
    }

    private static List<String> traits(Fields f, Set<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            @Nullable Object v = f.get(k);
            if (v != null) {
                out.add(k + " " + Encoder.text(v));
            }
        }
        return out;
    }

    private static String join(String head, List<String> rest) {
        return rest.isEmpty() ? head : head + " " + String.join(" ", rest);
    }
}
