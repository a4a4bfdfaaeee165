package dev.leadflow.app;

import dev.leadflow.engine.Engine;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.input.Alias;
import dev.leadflow.input.Channel;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Group;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.input.Page;
import dev.leadflow.input.Track;
import dev.leadflow.model.Condition;
import dev.leadflow.model.EngagementRule;
import dev.leadflow.model.FitRule;
import dev.leadflow.model.Model;
import dev.leadflow.model.Operand;
import dev.leadflow.model.Predicate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How an erased person's records are rewritten (docs/PRIVACY.md, "Erase"): every identifier and
 * messageId becomes a pseudonym under one random {@code token}; free text (a sales action's note)
 * goes; and of the traits and event properties only the fields the configuration in force reads
 * stay, each replaced by a <em>stand-in</em>: a value taken from the configuration's own operands
 * that every comparison on that field answers as it answered the person's value. The records
 * then replay to the same stages, instants, scores and reasons, and say nothing the kept ledger
 * (which rule matched) does not already say. The campaign and landing-page fields stay (the
 * funnel's attribution slices by them), a landing page without its query string. A field no stand-in satisfies is left out and
 * named in {@link #unmatched}. Not thread-safe: one erasure's.
 */
final class Redaction {

    /** What erased ids begin with; ingestion refuses ids that do. */
    static final String PREFIX = "erased:";

    private static final String TOKEN_TEXT = "(erased)";
    private static final Set<String> CHANNEL_KEYS = channelKeys();
    private static final Set<String> PAGE_KEYS = Set.copyOf(Channel.LANDING_PAGE.keys());

    private final String token;
    private final Map<String, List<Predicate>> attributes = new HashMap<>();
    private final Map<String, List<Predicate>> properties = new HashMap<>();
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Set<String> unmatched = new TreeSet<>();
    private int messages;
    private int identifiers;

    Redaction(Model model, @Nullable HandoffConfig handoff, String token) {
        this.token = token;
        for (FitRule rule : model.fit()) {
            collect(rule.condition());
        }
        for (EngagementRule rule : model.engagement().rules()) {
            collect(rule.condition());
        }
        model.lifecycle().mql().ifPresent(this::collect);
        model.lifecycle().fastLane().forEach(f -> collect(f.condition()));
        if (handoff != null) {
            handoff.routing().forEach(r -> r.condition().ifPresent(this::collect));
            handoff.nurture().forEach(n -> n.condition().ifPresent(this::collect));
        }
    }

    private void collect(Condition condition) {
        condition.forEachComparison(c -> {
            switch (c.subject()) {
                case Condition.AttributeSubject a ->
                    attributes.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(c.predicate());
                case Condition.PropertySubject p ->
                    properties.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(c.predicate());
                case Condition.ScoreSubject s -> {
                    // a score is derived from the records, not stored in them
                }
            }
        });
    }

    /** The record as it is stored after the erasure. */
    Input redact(Input in) {
        return switch (in) {
            case Identify i ->
                new Identify(message(i), i.timestamp(), id(i.userId()), id(i.anonymousId()), traits(i.traits()));
            case Group g ->
                new Group(message(g), g.timestamp(), id(g.userId()), id(g.anonymousId()), null, traits(g.traits()));
            case Track t ->
                new Track(
                        message(t),
                        t.timestamp(),
                        id(t.userId()),
                        id(t.anonymousId()),
                        t.name(),
                        properties(t.properties()));
            case Page p ->
                new Page(message(p), p.timestamp(), id(p.userId()), id(p.anonymousId()), properties(p.properties()));
            case Alias a -> new Alias(message(a), a.timestamp(), idOf(a.userId()), idOf(a.previousId()));
            case LifecycleCommand c ->
                new LifecycleCommand(
                        message(c),
                        c.timestamp(),
                        leadId(c.userId()),
                        c.action(),
                        c.reason(),
                        null,
                        c.actor(),
                        c.amount());
        };
    }

    /**
     * An event past its retention (docs/PRIVACY.md, "Retention"): the same record, ids and all,
     * with its properties cut down as an erasure cuts them (stand-ins for what the rules read, the
     * attribution); other records as they are.
     */
    Input withoutRawPayload(Input in) {
        return switch (in) {
            case Track t ->
                new Track(
                        t.messageId(),
                        t.timestamp(),
                        t.userId(),
                        t.anonymousId(),
                        t.name(),
                        properties(t.properties()));
            case Page p ->
                new Page(p.messageId(), p.timestamp(), p.userId(), p.anonymousId(), properties(p.properties()));
            default -> in;
        };
    }

    /** The pseudonym of lead id {@code leadId} (a userId, or {@code anon:} and a cookie). */
    String leadId(String leadId) {
        return leadId.startsWith(Engine.ANONYMOUS_PREFIX)
                ? Engine.ANONYMOUS_PREFIX + idOf(leadId.substring(Engine.ANONYMOUS_PREFIX.length()))
                : idOf(leadId);
    }

    /** Every identifier and messageId replaced so far, with its pseudonym. */
    Map<String, String> ids() {
        return java.util.Collections.unmodifiableMap(ids);
    }

    /** The fields the configuration reads for which no stand-in answers every comparison alike. */
    Set<String> unmatched() {
        return java.util.Collections.unmodifiableSet(unmatched);
    }

    private @Nullable String id(@Nullable String id) {
        return id == null ? null : idOf(id);
    }

    private String idOf(String id) {
        return ids.computeIfAbsent(id, k -> PREFIX + token + (identifiers++ == 0 ? "" : "." + identifiers));
    }

    private String message(Input in) {
        messages++;
        String id = PREFIX + token + ".m" + messages;
        ids.put(in.messageId(), id);
        return id;
    }

    private Fields traits(Fields traits) {
        return standIns(traits, attributes, false);
    }

    private Fields properties(Fields properties) {
        return standIns(properties, this.properties, true);
    }

    private Fields standIns(Fields fields, Map<String, List<Predicate>> read, boolean keepChannels) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> f : fields.asMap().entrySet()) {
            String key = f.getKey();
            if (keepChannels && CHANNEL_KEYS.contains(key)) {
                out.put(key, PAGE_KEYS.contains(key) ? withoutQuery(f.getValue()) : f.getValue());
                continue;
            }
            List<Predicate> predicates = read.get(key);
            if (predicates == null) {
                continue; // nothing reads it: it goes
            }
            Object standIn = standIn(f.getValue(), predicates);
            if (standIn == null) {
                if (!answersAlike(null, f.getValue(), predicates)) {
                    unmatched.add(key);
                }
            } else {
                out.put(key, standIn);
            }
        }
        return Fields.of(out);
    }

    /** A value from the predicates' own operands that each of them answers as it answers {@code value}; null for absent. */
    static @Nullable Object standIn(Object value, List<Predicate> predicates) {
        if (answersAlike(null, value, predicates)) {
            return null;
        }
        for (Object candidate : candidates(value, predicates)) {
            if (answersAlike(candidate, value, predicates)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean answersAlike(@Nullable Object candidate, Object value, List<Predicate> predicates) {
        for (Predicate p : predicates) {
            if (p.test(candidate) != p.test(value)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The values to try: a neutral text, the operands, numbers either side of each threshold, and
     * what of {@code value} a pattern found in it (the part the rule matched, no more).
     */
    private static Set<Object> candidates(Object value, List<Predicate> predicates) {
        Set<Object> out = new LinkedHashSet<>();
        out.add(TOKEN_TEXT);
        out.add(true);
        out.add(false);
        for (Predicate p : predicates) {
            switch (p) {
                case Predicate.Equals e -> operand(e.operand(), out);
                case Predicate.In in -> in.operands().forEach(o -> operand(o, out));
                case Predicate.Compare c -> {
                    out.add(c.value());
                    out.add(c.value() + 1);
                    out.add(c.value() - 1);
                }
                case Predicate.Text t -> {
                    out.add(t.value());
                    out.add("x" + t.value() + "x");
                }
                case Predicate.Matches m -> {
                    java.util.regex.Matcher found = m.pattern().matcher(String.valueOf(value));
                    if (!(value instanceof List<?>) && found.find()) {
                        out.add(found.group());
                    }
                }
                case Predicate.Exists x -> {
                    // the neutral text is present; absent is tried first
                }
            }
        }
        List<Object> texts = out.stream().filter(String.class::isInstance).toList();
        for (Object a : texts) { // a prefix with a suffix, for starts_with and ends_with together
            for (Object b : texts) {
                out.add(a + " " + b);
            }
        }
        return out;
    }

    private static void operand(Operand o, Set<Object> out) {
        if (o.bool() != null) {
            out.add(o.bool());
        } else if (!Double.isNaN(o.number())) {
            out.add(o.number());
        } else {
            out.add(o.text());
        }
    }

    /** A landing page without its query or fragment, which may carry an email or a token. */
    private static Object withoutQuery(Object path) {
        if (!(path instanceof String s)) {
            return path;
        }
        int cut = s.length();
        for (char c : new char[] {'?', '#'}) {
            int i = s.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return s.substring(0, cut);
    }

    private static Set<String> channelKeys() {
        Set<String> keys = new java.util.HashSet<>();
        for (Channel c : Channel.values()) {
            keys.addAll(c.keys());
        }
        return Set.copyOf(keys);
    }
}
