package dev.leadflow.predict;

import dev.leadflow.input.Channel;
import dev.leadflow.input.Event;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import java.time.Instant;
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

    /** The touch features' names after {@code touch.}, in {@link #TOUCH}'s order. */
    static final List<String> TOUCH_NAMES =
            TOUCH.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();

    static final List<String> WEEKDAY_NAMES =
            List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

    private final Predictive spec;
    private final @Nullable Predictor predictor;
    private long firstSeen = Long.MAX_VALUE;
    /** The lead's events of the last {@value EventLog#KEPT_DAYS} days (older ones dropped while in time order). */
    private final EventLog events;

    private final String[] touch = {Channel.NONE, Channel.NONE, Channel.NONE};
    /**
     * The shares of the logit of the columns the profile decides (attributes and fit) at profile
     * version {@link #profileRead}, by the columns' order among them: read again only when the
     * profile changed. Null until first read.
     */
    private double @Nullable [] profileShares;

    private int profileRead;

    /** Signals for reading features only (training). */
    public Signals(Predictive spec) {
        this(spec, null);
    }

    /** Signals that answer the probability with {@code predictor}. */
    public Signals(Predictive spec, @Nullable Predictor predictor) {
        this.spec = spec;
        this.predictor = predictor;
        this.events = new EventLog(predictor == null ? null : predictor.reads().events());
    }

    /** Notes the lead's next record, in processing order. */
    public void apply(Input input) {
        if (input instanceof LifecycleCommand) {
            return; // sales actions are outcomes, not features
        }
        long t = input.epochMillis();
        firstSeen = Math.min(firstSeen, t);
        if (input instanceof Event e) {
            Predictor p = predictor;
            int id = p == null ? 0 : p.reads().eventId(e.name());
            if (id >= 0) { // a predictor reads only some names
                events.add(e.name(), id, t);
            }
            for (int i = 0; i < TOUCH.size(); i++) {
                if (p == null || p.reads().touches(i)) {
                    touch[i] = TOUCH.get(i).value(e, touch[i]);
                }
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

    /** What the probability reads of the lead's scoring state, one attribute at a time. */
    public interface Lead {
        @Nullable
        Object attribute(String key);

        double fit();

        double engagementAt(long atMillis);

        long lastMatchAt();

        /** Changes whenever the profile does, so that what is read of it can be kept until then. */
        int profileVersion();
    }

    /**
     * The predictor's probability as of {@code at}, with {@code priorCycles} cycles before this one,
     * read column by column from {@code lead} and these signals: the same number as the predictor
     * applied to {@link #features} (nothing is built per feature); NaN without a predictor.
     */
    public double probability(Lead lead, long at, int priorCycles) {
        Predictor p = predictor;
        if (p == null) {
            return Double.NaN;
        }
        return p.probability(new Reading(p.reads(), lead, at, priorCycles));
    }

    /**
     * One probability's reading of the lead, column by column, with the values {@link #features}
     * would put in its map (numbers unboxed; an event name's times looked up once for its windows).
     */
    private final class Reading implements Predictor.Source {
        private final FeatureReads reads;
        private final Lead lead;
        private final long at;
        private final int priorCycles;
        /** Per event id and window, the counts; null until a count column is read. */
        private int @Nullable [] counts;

        Reading(FeatureReads reads, Lead lead, long at, int priorCycles) {
            this.reads = reads;
            this.lead = lead;
            this.at = at;
            this.priorCycles = priorCycles;
        }

        @Override
        public double number(int column) {
            FeatureReads.Read r = reads.get(column);
            return switch (r.kind()) {
                case ATTRIBUTE -> attribute(r) instanceof Double d ? d : Double.NaN;
                case FIT -> lead.fit();
                case ENGAGEMENT -> lead.engagementAt(Math.max(at, lead.lastMatchAt()));
                case EVENTS -> {
                    int n = count(r);
                    yield n > 0 ? n : Double.NaN;
                }
                case DAYS_SINCE_FIRST_SEEN ->
                    firstSeen == Long.MAX_VALUE ? Double.NaN : Math.max(0, at - firstSeen) / (double) DAY;
                case PRIOR_CYCLES -> priorCycles;
                case TOUCH, WEEKDAY, NONE -> Double.NaN; // text, or nothing
            };
        }

        @Override
        public @Nullable Object text(int column) {
            FeatureReads.Read r = reads.get(column);
            return switch (r.kind()) {
                case ATTRIBUTE -> attribute(r);
                case TOUCH -> touch[r.number()];
                case WEEKDAY -> weekday(at);
                case FIT, ENGAGEMENT, PRIOR_CYCLES, EVENTS, DAYS_SINCE_FIRST_SEEN -> {
                    double x = number(column); // a number in a text column: as the map would hold it
                    yield Double.isNaN(x) ? null : (Object) x;
                }
                case NONE -> null;
            };
        }

        /**
         * The column's share, faster where the value allows: an event count's and a weekday's from
         * the predictor's tables, an attribute's and the fit's kept until the profile changes.
         */
        @Override
        public double share(Predictor p, int column) {
            FeatureReads.Read r = reads.get(column);
            return switch (r.kind()) {
                case EVENTS -> p.countShare(column, count(r));
                case ATTRIBUTE, FIT -> profileShares(p)[r.number()];
                case WEEKDAY -> p.weekdayShare(column, weekdayIndex(at));
                default -> p.share(column, this);
            };
        }

        private int count(FeatureReads.Read r) {
            int[] c = counts;
            if (c == null) { // every name's windows at once
                c = events.countsById(at, reads.events().size());
                counts = c;
            }
            return c[r.eventId()];
        }

        /**
         * The shares of the columns the profile decides (attributes and fit), by their order among
         * them, read again when the profile changed.
         */
        private double[] profileShares(Predictor p) {
            double[] shares = profileShares;
            if (shares == null || profileRead != lead.profileVersion()) {
                shares = shares == null ? new double[reads.profileColumns()] : shares;
                for (int i = 0; i < reads.size(); i++) {
                    FeatureReads.Read r = reads.get(i);
                    if (r.kind() == FeatureReads.Kind.ATTRIBUTE || r.kind() == FeatureReads.Kind.FIT) {
                        shares[r.number()] = p.share(i, this);
                    }
                }
                profileShares = shares;
                profileRead = lead.profileVersion();
            }
            return shares;
        }

        private @Nullable Object attribute(FeatureReads.Read r) {
            if (spec.attributes().isPresent() && !spec.attributes().get().contains(r.key())) {
                return null;
            }
            Object v = lead.attribute(r.key());
            return v == null ? null : value(v);
        }
    }

    /** The weekday of {@code at} in the section's time zone, in lower case. */
    private String weekday(long at) {
        return WEEKDAY_NAMES.get(weekdayIndex(at));
    }

    /** The weekday of {@code at} in the section's time zone: 0 for Monday to 6 for Sunday. */
    private int weekdayIndex(long at) {
        long offset = spec.zone().getRules().getOffset(Instant.ofEpochMilli(at)).getTotalSeconds() * 1000L;
        long day = Math.floorDiv(at + offset, DAY);
        return Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday
    }

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
        for (Map.Entry<String, int[]> e : events.countsByName(at).entrySet()) {
            for (int w = 0; w < WINDOW_DAYS.size(); w++) {
                int n = e.getValue()[w];
                if (n > 0) {
                    out.put(Features.EVENTS + e.getKey() + "." + WINDOW_DAYS.get(w) + "d", (double) n);
                }
            }
        }
        if (firstSeen != Long.MAX_VALUE) {
            out.put(Features.DAYS_SINCE_FIRST_SEEN, Math.max(0, at - firstSeen) / (double) DAY);
        }
        for (int i = 0; i < TOUCH.size(); i++) {
            out.put(Features.TOUCH + TOUCH_NAMES.get(i), touch[i]);
        }
        out.put(Features.PRIOR_CYCLES, (double) priorCycles);
        out.put(Features.WEEKDAY, weekday(at));
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
}
