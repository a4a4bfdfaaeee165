package dev.leadflow.scoring;

import dev.leadflow.input.Event;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Group;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.model.Engagement;
import dev.leadflow.model.EngagementRule;
import dev.leadflow.model.Facts;
import dev.leadflow.model.FitRule;
import dev.leadflow.model.Model;
import dev.leadflow.model.Score;
import dev.leadflow.predict.Predictor;
import dev.leadflow.predict.Signals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * One lead's scoring state under one model: its profile, its scored engagement matches (the
 * engagement ledger) and what rate limits and sessions need to remember.
 *
 * <p>Design note. Engagement is one exponential: every match decays with the model's single
 * half-life, so the running total is kept as a value at an anchor time and decays as a whole
 * ({@link #engagementAt}); no per-event work is needed to read it at any later time, and the
 * instant it crosses a threshold has a closed form. The ledger keeps each match's original points so
 * that its entries, decayed to the same instant, sum to the score. Records must be applied in
 * processing order (timestamp, then input order). Not thread-safe.
 */
public final class ScoringState implements Signals.Lead {

    /** Inactivity that starts a new session: 30 minutes. */
    public static final long SESSION_GAP_MILLIS = 30 * 60 * 1000L;

    /** Flag on a match's rule index: the match is the derived session_started of its record. */
    private static final int DERIVED = 1 << 30;

    /** The derived event that opens a session. */
    public static final String SESSION_STARTED = "session_started";

    private static final Fields FIRST_SESSION = Fields.of(Map.of("returning", false));
    private static final Fields RETURNING_SESSION = Fields.of(Map.of("returning", true));

    private record Attribute(Object value, String event, long at) {}

    private final Model model;
    private final Map<String, Attribute> attributes = new HashMap<>();
    /**
     * The scored matches, as parallel arrays (no object per match): the rule index, with
     * {@link #DERIVED} set for a derived session_started, and the record that scored (its time is
     * the match's time).
     */
    private int[] matchRule = new int[4];

    private Event[] matchEvent = new Event[4];
    private int matchCount;
    /** Per rule with a limit, its ring of scored times; null until a limited rule first scores. */
    private long @Nullable [][] limitWindows;

    private int @Nullable [] limitNext;
    private double fit;
    /** Counts the profile's changes (see {@link Signals.Lead#profileVersion}). */
    private int profileVersion;

    private boolean fitCurrent;
    private double anchorValue;
    private long anchorAt = Long.MIN_VALUE;
    private long lastActivity = Long.MIN_VALUE;
    private final EventFacts eventFacts = new EventFacts();
    private final @Nullable Signals signals;
    /** The latest record applied, as the probability's instant ({@link Long#MIN_VALUE} before any). */
    private long lastRecordAt = Long.MIN_VALUE;
    /** The probability as of {@link #lastRecordAt}, for {@link #cachedCycles} prior cycles (-1: none). */
    private double cachedProbability = Double.NaN;

    private int cachedCycles = -1;

    /** A state with the model's predictive signals when the model has a trained predictor. */
    public ScoringState(Model model) {
        this(
                model,
                model.predictor()
                        .flatMap(p -> model.predictive().map(spec -> new Signals(spec, p)))
                        .orElse(null));
    }

    /** A state that keeps {@code signals} (null: none, and no probability) as it applies records. */
    public ScoringState(Model model, @Nullable Signals signals) {
        this.model = model;
        this.signals = signals;
    }

    /** An empty state of the same model and the same kind of signals. */
    public ScoringState fresh() {
        return new ScoringState(model, signals == null ? null : signals.fresh());
    }

    /**
     * The lead's probability as of its latest record (docs/PREDICTIVE.md, "In the engine"), with
     * {@code priorCycles} qualification cycles before the current one; {@link Double#NaN} when
     * the model has no trained predictor or no record was applied. Held between records, so that
     * criteria and the expiry timer see one value until the next record.
     */
    public double probability(int priorCycles) {
        Signals s = signals;
        if (s == null || s.predictor() == null || lastRecordAt == Long.MIN_VALUE) {
            return Double.NaN;
        }
        if (cachedCycles != priorCycles) {
            cachedProbability = s.probability(this, lastRecordAt, priorCycles);
            cachedCycles = priorCycles;
        }
        return cachedProbability;
    }

    /** The probability as of the latest record and its factors; empty without a trained predictor. */
    public Optional<Predictor.Explanation> explainProbability(int priorCycles) {
        Predictor predictor = signals == null ? null : signals.predictor();
        if (predictor == null || lastRecordAt == Long.MIN_VALUE) {
            return Optional.empty();
        }
        return Optional.of(predictor.explain(features(lastRecordAt, priorCycles)));
    }

    /**
     * The raw predictive features at {@code atMillis} (docs/PREDICTIVE.md, "Features"), from the
     * records applied so far.
     *
     * @throws IllegalStateException when this state keeps no signals
     */
    public SortedMap<String, Object> features(long atMillis, int priorCycles) {
        if (signals == null) {
            throw new IllegalStateException("this scoring state keeps no predictive signals");
        }
        return signals.features(
                new Signals.Scores(profile(), fit(), engagementAt(Math.max(atMillis, lastMatchAt()))),
                atMillis,
                priorCycles);
    }

    /** Applies one record's effect on the profile and engagement (lifecycle records have none). */
    public void apply(Input input) {
        if (input instanceof LifecycleCommand) {
            return; // a sales action is an outcome: no score, no predictive signal
        }
        lastRecordAt = Math.max(lastRecordAt, input.epochMillis());
        cachedCycles = -1;
        if (signals != null) {
            signals.apply(input);
        }
        if (input instanceof Event e) {
            score(e);
        } else if (input instanceof Identify i) {
            setAttributes(i.traits(), i.messageId(), i.epochMillis());
        } else if (input instanceof Group g) {
            setAttributes(g.traits(), g.messageId(), g.epochMillis());
        }
    }

    private void setAttributes(Fields fields, String event, long at) {
        if (fields.isEmpty()) {
            return;
        }
        fields.asMap().forEach((k, v) -> attributes.put(k, new Attribute(v, event, at)));
        fitCurrent = false;
        profileVersion++;
    }

    private void score(Event e) {
        long t = e.epochMillis();
        if (lastActivity == Long.MIN_VALUE || t - lastActivity >= SESSION_GAP_MILLIS) {
            Fields session = lastActivity == Long.MIN_VALUE ? FIRST_SESSION : RETURNING_SESSION;
            scoreRules(SESSION_STARTED, session, e, DERIVED, t);
        }
        lastActivity = Math.max(lastActivity, t);
        scoreRules(e.name(), e.properties(), e, 0, t);
    }

    private void scoreRules(String name, Fields properties, Event event, int derived, long t) {
        int[] ruleIndexes = model.engagement().rulesFor(name);
        if (ruleIndexes.length == 0) {
            return;
        }
        eventFacts.properties = properties;
        List<EngagementRule> rules = model.engagement().rules();
        for (int r : ruleIndexes) {
            EngagementRule rule = rules.get(r);
            if (rule.condition().test(eventFacts) && withinLimit(r, rule, t)) {
                addMatch(r | derived, event);
                Engagement engagement = model.engagement();
                anchorValue = anchorAt == Long.MIN_VALUE
                        ? rule.points()
                        : anchorValue * engagement.decay(t - anchorAt) + rule.points();
                anchorAt = t;
            }
        }
        eventFacts.properties = null;
    }

    /** Records a scored match in the rule's window if the window has room; false when the limit is reached. */
    private boolean withinLimit(int r, EngagementRule rule, long t) {
        if (rule.limit().isEmpty()) {
            return true;
        }
        EngagementRule.Limit limit = rule.limit().get();
        long[][] windows = limitWindows;
        int[] next = limitNext;
        if (windows == null || next == null) {
            windows = new long[model.engagement().rules().size()][];
            next = new int[windows.length];
            limitWindows = windows;
            limitNext = next;
        }
        long[] window = windows[r];
        if (window == null) {
            window = new long[limit.count()];
            java.util.Arrays.fill(window, Long.MIN_VALUE);
            windows[r] = window;
        }
        // window is a ring of the last `count` scored times; the slot to overwrite holds the oldest
        long oldest = window[next[r]];
        if (oldest != Long.MIN_VALUE && t - oldest < limit.perMillis()) {
            return false;
        }
        window[next[r]] = t;
        next[r] = (next[r] + 1) % window.length;
        return true;
    }

    /** The fit score from the current profile. */
    @Override
    public double fit() {
        if (!fitCurrent) {
            double sum = 0;
            for (FitRule rule : model.fit()) {
                if (rule.condition().test(eventFacts)) {
                    sum += rule.points();
                }
            }
            fit = sum;
            fitCurrent = true;
        }
        return fit;
    }

    /** The engagement score at {@code atMillis} (not before the last scored match). */
    @Override
    public double engagementAt(long atMillis) {
        if (anchorAt == Long.MIN_VALUE) {
            return 0;
        }
        return anchorValue * model.engagement().decay(atMillis - anchorAt);
    }

    @Override
    public int profileVersion() {
        return profileVersion;
    }

    /** A profile attribute, or null. */
    @Override
    public @Nullable Object attribute(String key) {
        Attribute a = attributes.get(key);
        return a == null ? null : a.value();
    }

    /** A copy of the profile. */
    public Map<String, Object> profile() {
        Map<String, Object> out = new java.util.TreeMap<>();
        attributes.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    /**
     * Facts about this lead at {@code atMillis}, with {@code properties} as the event being
     * evaluated (null for none): what fast-lane conditions and MQL criteria read. The returned
     * object is reused by the next call.
     */
    public Facts facts(@Nullable Fields properties, long atMillis) {
        return facts(properties, atMillis, 0);
    }

    /** {@link #facts(Fields, long)} for a lead with {@code priorCycles} cycles before the current one. */
    public Facts facts(@Nullable Fields properties, long atMillis, int priorCycles) {
        eventFacts.properties = properties;
        eventFacts.at = atMillis;
        eventFacts.priorCycles = priorCycles;
        return eventFacts;
    }

    /** Time of the last scored engagement match, or {@link Long#MIN_VALUE}. */
    @Override
    public long lastMatchAt() {
        return anchorAt;
    }

    /**
     * The ledger at {@code atMillis}: fit entries in model order, then engagement entries in the
     * order they scored, decayed to {@code atMillis}. Fit entries sum to {@link #fit()}; engagement
     * entries to {@link #engagementAt} up to rounding.
     */
    public List<LedgerEntry> ledger(long atMillis) {
        List<LedgerEntry> out = new ArrayList<>(matchCount + model.fit().size());
        for (FitRule rule : model.fit()) {
            if (rule.condition().test(eventFacts)) {
                Attribute source = null;
                for (String key : rule.attributes()) {
                    Attribute a = attributes.get(key);
                    if (a != null
                            && (source == null
                                    || a.at() > source.at()
                                    || (a.at() == source.at() && a.event().compareTo(source.event()) > 0))) {
                        source = a;
                    }
                }
                out.add(new LedgerEntry(
                        rule.name(),
                        Score.FIT,
                        rule.points(),
                        source == null ? null : source.event(),
                        source == null ? null : source.at()));
            }
        }
        Engagement engagement = model.engagement();
        for (int i = 0; i < matchCount; i++) {
            EngagementRule rule = engagement.rules().get(matchRule[i] & ~DERIVED);
            Event source = matchEvent[i];
            String event =
                    (matchRule[i] & DERIVED) != 0 ? source.messageId() + "#" + SESSION_STARTED : source.messageId();
            long at = source.epochMillis();
            out.add(new LedgerEntry(
                    rule.name(), Score.ENGAGEMENT, rule.points() * engagement.decay(atMillis - at), event, at));
        }
        return out;
    }

    /** Number of scored engagement matches kept in the ledger. */
    public int matchCount() {
        return matchCount;
    }

    private void addMatch(int rule, Event event) {
        if (matchCount == matchRule.length) {
            int n = matchCount * 2;
            matchRule = java.util.Arrays.copyOf(matchRule, n);
            matchEvent = java.util.Arrays.copyOf(matchEvent, n);
        }
        matchRule[matchCount] = rule;
        matchEvent[matchCount] = event;
        matchCount++;
    }

    /** Facts for rule conditions: the profile, the event being evaluated and the scores at {@code at}. */
    private final class EventFacts implements Facts {
        @Nullable
        Fields properties;

        long at = Long.MIN_VALUE;
        int priorCycles;

        @Override
        public @Nullable Object attribute(String key) {
            return ScoringState.this.attribute(key);
        }

        @Override
        public @Nullable Object property(String key) {
            return properties == null ? null : properties.get(key);
        }

        @Override
        public double score(Score score) {
            return switch (score) {
                case FIT -> fit();
                case ENGAGEMENT -> at == Long.MIN_VALUE ? Double.NaN : engagementAt(at);
                case PROBABILITY -> probability(priorCycles);
            };
        }
    }
}
