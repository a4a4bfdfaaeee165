package dev.leadflow.demo;

import dev.leadflow.engine.Engine;
import dev.leadflow.engine.Outcome;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.lifecycle.Action;
import dev.leadflow.lifecycle.RejectReason;
import dev.leadflow.lifecycle.Stage;
import dev.leadflow.model.Model;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A synthetic but realistic B2B history, for demos, benchmarks and trying models out: anonymous
 * visitors arriving through marketing channels of different quality, personas that fit the ideal
 * customer profile or not, returning sessions, content by funnel stage, e-mail, webinars,
 * newsletter sign-ups and unsubscribes, careers-page visitors, hand-raisers, identity merges
 * ({@code alias}), and sales working the MQLs that the engine hands over: accept or reject with a
 * reason, qualify, open an opportunity, win or lose.
 *
 * <p>Design note. Marketing behaviour is drawn per person, independently of the model. Sales
 * behaviour is not: each person's records are driven through an {@link Engine} under the given
 * model as they are generated, and a sales action is emitted only when the engine says the lead is
 * in a stage that allows it at that instant (expired MQLs are not acted on). Sales judges leads by
 * a ground truth of its own (persona fit and buying intent), not by the model's scores, so a
 * history is also a fair test bed for tuning a model.
 */
public final class DemoHistory {

    /**
     * What to generate.
     *
     * @param leads number of people, at least 0; each becomes exactly one lead when replayed
     * @param days  length of the window in days, at least 1
     * @param seed  the seed: the same options always give the same history
     * @param start the start of the window; truncated to milliseconds
     */
    public record Options(int leads, int days, long seed, Instant start) {

        public Options {
            if (leads < 0) {
                throw new IllegalArgumentException("leads must be >= 0, got " + leads);
            }
            if (days < 1) {
                throw new IllegalArgumentException("days must be >= 1, got " + days);
            }
            start = Objects.requireNonNull(start, "start").truncatedTo(ChronoUnit.MILLIS);
        }

        /** The end of the window: {@code start + days}. */
        public Instant end() {
            return start.plus(days, ChronoUnit.DAYS);
        }
    }

    private DemoHistory() {}

    /**
     * Generates a history. The result is unmodifiable, sorted by timestamp (records of one person
     * keep their processing order on ties), every timestamp lies within [{@code start},
     * {@code start + days}], every messageId is unique ({@code demo-<seed>-<n>}), and the same model
     * and options always give an equal list. Replayed in order through a fresh {@link Engine} under
     * {@code model}, no record is refused: every lifecycle command is legal when it happens.
     */
    public static List<Input> generate(Model model, Options options) {
        Objects.requireNonNull(model, "model");
        long start = options.start().toEpochMilli();
        long end = options.end().toEpochMilli();
        SplittableRandom root = new SplittableRandom(options.seed());
        Ids ids = new Ids(options.seed());
        Site site = new Site(start, end);
        List<Persona.Company> companies = Persona.companies(root.split(), Math.max(12, options.leads() / 3));
        Set<String> emails = new HashSet<>();
        List<Input> all = new ArrayList<>();
        for (int i = 0; i < options.leads(); i++) {
            SplittableRandom rng = root.split();
            Journey.Plan plan = new Journey(rng, site, ids, i, companies, emails).plan();
            if (plan.userId() == null) {
                all.addAll(plan.records());
            } else {
                new Desk(new Engine(model), plan, rng, ids, end, all).run();
            }
        }
        return Collections.unmodifiableList(byTime(all, start, end));
    }

    /**
     * Sorts by timestamp, ties in list order. Each key packs the time (relative to {@code start})
     * above the record's position, so that a primitive sort does the work when the two fit in a long.
     */
    private static List<Input> byTime(List<Input> records, long start, long end) {
        int n = records.size();
        int indexBits = 64 - Long.numberOfLeadingZeros(Math.max(1, n));
        if (end - start >= 1L << (63 - indexBits)) {
            records.sort(Comparator.comparingLong(Input::epochMillis));
            return records;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (records.get(i).epochMillis() - start) << indexBits | i;
        }
        Arrays.sort(keys);
        long mask = (1L << indexBits) - 1;
        Input[] sorted = new Input[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = records.get((int) (keys[i] & mask));
        }
        return Arrays.asList(sorted);
    }

    /** Identifiers, unique within one history: message ids in creation order, per-person ids by index. */
    static final class Ids {

        private final long seed;
        private final String prefix;
        private long next;

        Ids(long seed) {
            this.seed = seed;
            this.prefix = "demo-" + seed + "-";
        }

        String next() {
            return prefix + next++;
        }

        String userId(int lead) {
            return "usr_" + String.format("%016x", mix(seed * 0x9E3779B97F4A7C15L + lead));
        }

        /** A Salesforce-style lead id. */
        String crmId(int lead) {
            return ("00Q" + pad(Long.toString(Math.floorMod(seed, 46_656L), 36), 3)
                            + pad(Integer.toString(lead, 36), 9))
                    .toUpperCase(Locale.ROOT);
        }

        /** A cookie id for device 0 or 1 of a person, formatted as a UUID. */
        String anonymousId(int lead, int device) {
            long x = mix(seed) + ((long) device << 40) + lead;
            long hi = mix(x);
            long lo = mix(~x);
            return String.format(
                    "%08x-%04x-%04x-%04x-%012x",
                    hi >>> 32, (hi >>> 16) & 0xFFFF, hi & 0xFFFF, lo >>> 48, lo & 0xFFFF_FFFF_FFFFL);
        }

        /** SplitMix64's finaliser: a bijection, so distinct inputs give distinct ids. */
        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        private static String pad(String s, int width) {
            return "0".repeat(Math.max(0, width - s.length())) + s;
        }
    }

    /** One sales move: the action, its reason and, when an opportunity opens, its amount. */
    private record Move(
            Action action,
            @Nullable String reason,
            @Nullable Double amount) {}

    /**
     * Sales working one lead. The person's records go through the lead's own engine in time order;
     * whenever the lead enters a stage that sales owns, the next move is scheduled after a realistic
     * delay, in office hours, and made only if the lead is still in that stage by then.
     */
    private static final class Desk {

        private static final String[] SDRS = {"rep:alice", "rep:ben", "rep:carla", "rep:dmitri"};
        private static final String[] ACCOUNT_EXECUTIVES = {"rep:emma", "rep:farid", "rep:grace"};
        private static final String[] REJECT_REASONS = {"premature", "other", "inaccurate_data"};
        private static final double[] REJECT_SHARE = {62, 24, 14};
        private static final String[] RECYCLE_REASONS = {"no_budget_yet", "bad_timing", "no_response"};
        private static final String[] DISQUALIFY_REASONS = {"no_need", "not_icp", "too_small"};
        private static final String[] LOSS_REASONS = {"price", "no_decision", "competitor", "timing"};
        private static final double[] LOSS_SHARE = {28, 34, 22, 16};

        private final Engine engine;
        private final Journey.Plan plan;
        private final RandomGenerator rng;
        private final Ids ids;
        private final long end;
        private final List<Input> out;
        private final String sdr;
        private final String accountExecutive;
        private @Nullable Stage pendingStage;
        private long pendingAt;
        private boolean won;

        Desk(Engine engine, Journey.Plan plan, RandomGenerator rng, Ids ids, long end, List<Input> out) {
            this.engine = engine;
            this.plan = plan;
            this.rng = rng;
            this.ids = ids;
            this.end = end;
            this.out = out;
            this.sdr = SDRS[rng.nextInt(SDRS.length)];
            this.accountExecutive = ACCOUNT_EXECUTIVES[rng.nextInt(ACCOUNT_EXECUTIVES.length)];
        }

        /** Customers stop appearing in marketing's history once won. */
        void run() {
            for (Input r : plan.records()) {
                actUntil(r.epochMillis());
                if (won) {
                    return;
                }
                apply(r);
            }
            actUntil(end);
        }

        private void actUntil(long t) {
            while (pendingStage != null && pendingAt <= t && !won) {
                act();
            }
        }

        private void apply(Input r) {
            if (engine.apply(r) instanceof Outcome.Refused refused) {
                throw new IllegalStateException("generated an illegal record: " + refused.message() + ": " + r);
            }
            out.add(r);
            if (pendingStage == null) {
                schedule(r.epochMillis());
            }
        }

        private Optional<Stage> stage(long t) {
            String id = plan.userIdAt(t);
            return id == null ? Optional.empty() : engine.leadOf(id).flatMap(engine::stage);
        }

        private void schedule(long t) {
            Stage stage = stage(t).orElse(Stage.VISITOR);
            long delay = switch (stage) {
                case MQL -> logNormal(6 * Site.HOUR, 1.0, 5 * Site.DAY);
                case SAL -> Site.DAY + rng.nextLong(9 * Site.DAY);
                case SQL -> 2 * Site.DAY + rng.nextLong(12 * Site.DAY);
                case OPPORTUNITY -> logNormal(30 * Site.DAY, 0.5, 120 * Site.DAY);
                default -> -1;
            };
            if (delay >= 0) {
                pendingStage = stage;
                pendingAt = Site.officeHours(rng, t + delay);
            }
        }

        private void act() {
            long t = pendingAt;
            Stage expected = pendingStage;
            pendingStage = null;
            engine.advanceTo(t);
            if (stage(t).orElse(Stage.VISITOR) != expected) {
                schedule(t);
                return;
            }
            Move move = decide(expected);
            String actor = expected == Stage.MQL ? sdr : accountExecutive;
            apply(new LifecycleCommand(
                    ids.next(),
                    Instant.ofEpochMilli(t),
                    java.util.Objects.requireNonNull(plan.userIdAt(t), "sales acts on identified leads"),
                    move.action(),
                    move.reason(),
                    null,
                    actor,
                    move.amount()));
            won = move.action() == Action.WIN;
        }

        private Move decide(Stage stage) {
            double icp = plan.persona().icp();
            double intent = plan.archetype().intent;
            return switch (stage) {
                case MQL -> triage(icp, intent);
                case SAL ->
                    rng.nextDouble() < 0.15 + 0.35 * icp + 0.3 * intent
                            ? new Move(Action.QUALIFY, null, null)
                            : setBack();
                case SQL -> rng.nextDouble() < 0.85 ? new Move(Action.OPEN_OPPORTUNITY, null, amount()) : setBack();
                case OPPORTUNITY ->
                    rng.nextDouble() < 0.08 + 0.22 * icp + 0.12 * intent
                            ? new Move(Action.WIN, null, null)
                            : new Move(Action.LOSE, LOSS_REASONS[Persona.pick(rng, LOSS_SHARE)], null);
                default -> throw new IllegalStateException("sales has no move in stage " + stage);
            };
        }

        /** Accept, or reject with the reason a sales rep would give. */
        private Move triage(double icp, double intent) {
            Persona who = plan.persona();
            RejectReason reason;
            if (who.competitor()) {
                reason = RejectReason.COMPETITOR;
            } else if (who.junk()) {
                reason = RejectReason.INACCURATE_DATA;
            } else if (rng.nextDouble() < 0.012) {
                reason = RejectReason.DUPLICATE;
            } else if (icp < 0.15 && rng.nextDouble() < 0.85) {
                reason = RejectReason.NOT_ICP;
            } else if (rng.nextDouble() < 0.55 + 0.3 * icp + 0.2 * intent) {
                return new Move(Action.ACCEPT, null, null);
            } else {
                return new Move(Action.REJECT, REJECT_REASONS[Persona.pick(rng, REJECT_SHARE)], null);
            }
            return new Move(Action.REJECT, reason.wireName(), null);
        }

        /** After a discovery call or a proposal that went nowhere: mostly back to nurture, sometimes out. */
        private Move setBack() {
            return rng.nextDouble() < 0.7
                    ? new Move(Action.RECYCLE, RECYCLE_REASONS[rng.nextInt(RECYCLE_REASONS.length)], null)
                    : new Move(Action.DISQUALIFY, DISQUALIFY_REASONS[rng.nextInt(DISQUALIFY_REASONS.length)], null);
        }

        /** Annual contract value, growing with company size, rounded to 100. */
        private Double amount() {
            Persona.Company company = plan.persona().company();
            double employees = company == null ? 10 : company.employees();
            double value = 6000 * Math.pow(Math.max(1, employees / 50), 0.45) * Math.exp(0.35 * rng.nextGaussian());
            return Math.round(Math.min(value, 400_000) / 100) * 100.0;
        }

        private long logNormal(long median, double sigma, long cap) {
            return (long) Math.min((double) cap, median * Math.exp(sigma * rng.nextGaussian()));
        }
    }
}
