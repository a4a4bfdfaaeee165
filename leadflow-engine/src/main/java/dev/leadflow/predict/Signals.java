package dev.leadflow.predict;

import dev.leadflow.input.Channel;
import dev.leadflow.input.Event;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What prediction knows of one lead beyond its scores and profile (docs/PREDICTIVE.md,
 * "Features"): when it was first seen, the times of its events by name and the channel of its
 * latest touch, kept as its records are applied in processing order. {@link #features} reads the
 * raw features at an instant from these and the lead's scores; it only ever sees the records
 * applied so far, so a caller that applies only the records up to the MQL instant cannot leak
 * later ones. With a {@link Predictor} it gives the probability. Not thread-safe.
 */
public final class Signals {

    /** The windows of the event counts, in days. */
    static final List<Integer> WINDOW_DAYS = List.of(7, 30, 90);

    private static final long DAY = 86_400_000L;
    private static final List<Channel> TOUCH = List.of(Channel.SOURCE, Channel.MEDIUM, Channel.LANDING_PAGE);

    private final Predictive spec;
    private final @Nullable Predictor predictor;
    private long firstSeen = Long.MAX_VALUE;
    private final Map<String, Times> events = new HashMap<>();
    private final String[] touch = {Channel.NONE, Channel.NONE, Channel.NONE};

    /** Signals for reading features only (training). */
    public Signals(Predictive spec) {
        this(spec, null);
    }

    /** Signals that answer the probability with {@code predictor}. */
    public Signals(Predictive spec, @Nullable Predictor predictor) {
        this.spec = spec;
        this.predictor = predictor;
    }

    /** Notes the lead's next record, in processing order. */
    public void apply(Input input) {
        if (input instanceof LifecycleCommand) {
            return; // sales actions are outcomes, not features
        }
        long t = input.epochMillis();
        firstSeen = Math.min(firstSeen, t);
        if (input instanceof Event e) {
            events.computeIfAbsent(e.name(), n -> new Times()).add(t);
            for (int i = 0; i < TOUCH.size(); i++) {
                touch[i] = TOUCH.get(i).value(e, touch[i]);
            }
        }
    }

    /** Empty signals of the same section and predictor (an identity merge rebuilds a lead from its records). */
    public Signals fresh() {
        return new Signals(spec, predictor);
    }

    public @Nullable Predictor predictor() {
        return predictor;
    }

    /** The lead's scores as features read them: the profile, fit, and engagement at the instant asked. */
    public record Scores(Map<String, Object> profile, double fit, double engagement) {}

    /**
     * The raw features at {@code at} (not before the last record applied), with {@code priorCycles}
     * qualification cycles before this one: numbers as {@code Double}, everything else as text.
     */
    public SortedMap<String, Object> features(Scores scores, long at, int priorCycles) {
        SortedMap<String, Object> out = new TreeMap<>();
        Map<String, Object> profile = scores.profile();
        for (Map.Entry<String, Object> a : profile.entrySet()) {
            if (spec.attributes().map(l -> l.contains(a.getKey())).orElse(true)) {
                Object v = value(a.getValue());
                if (v != null) {
                    out.put(Features.ATTRIBUTE + a.getKey(), v);
                }
            }
        }
        out.put(Features.FIT, scores.fit());
        out.put(Features.ENGAGEMENT, scores.engagement());
        for (Map.Entry<String, Times> e : events.entrySet()) {
            for (int days : WINDOW_DAYS) {
                int n = e.getValue().within(at - days * DAY, at);
                if (n > 0) {
                    out.put(Features.EVENTS + e.getKey() + "." + days + "d", (double) n);
                }
            }
        }
        if (firstSeen != Long.MAX_VALUE) {
            out.put(Features.DAYS_SINCE_FIRST_SEEN, Math.max(0, at - firstSeen) / (double) DAY);
        }
        for (int i = 0; i < TOUCH.size(); i++) {
            out.put(Features.TOUCH + TOUCH.get(i).name().toLowerCase(Locale.ROOT), touch[i]);
        }
        out.put(Features.PRIOR_CYCLES, (double) priorCycles);
        out.put(
                Features.WEEKDAY,
                Instant.ofEpochMilli(at)
                        .atZone(spec.zone())
                        .getDayOfWeek()
                        .name()
                        .toLowerCase(Locale.ROOT));
        return out;
    }

    /** A profile value as a feature: numbers as Double, text and booleans as text; null for lists and maps. */
    private static @Nullable Object value(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        if (v instanceof String s) {
            return s.isBlank() ? null : s;
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        return null;
    }

    /** The times of one event name, in the order applied. */
    private static final class Times {
        private long[] times = new long[4];
        private int size;

        void add(long t) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
            }
            times[size++] = t;
        }

        /** How many fall in {@code (from, to]}. */
        int within(long from, long to) {
            int n = 0;
            for (int i = size - 1; i >= 0; i--) {
                if (times[i] <= to && times[i] > from) {
                    n++;
                }
            }
            return n;
        }
    }
}
