package dev.leadflow.bench;

import dev.leadflow.input.Fields;
import dev.leadflow.input.Group;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.Page;
import dev.leadflow.input.Track;
import dev.leadflow.model.Model;
import dev.leadflow.model.ModelParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Large, seeded, time-ordered event streams for benchmarks: {@code leads} people, {@code events}
 * records over 180 days, 30% of people never identifying. Property maps are shared between events
 * (as a parser's interned values would be) so that the stream itself fits in a modest heap.
 *
 * <p>Two shapes of traffic: {@link #sessions} is what a website sends — each person's events come in
 * visits of a few events minutes apart, and visits of many people interleave; {@link #uniform} is the
 * worst case for memory locality — every event belongs to a person drawn at random.
 */
final class SyntheticLoad {

    private static final String[] CATEGORIES = {"pricing", "product", "integrations", "security", "blog", "careers"};
    private static final String[] EVENTS = {
        "content_downloaded",
        "email_opened",
        "email_clicked",
        "webinar_registered",
        "webinar_attended",
        "form_submitted",
        "unsubscribed",
        "newsletter_subscribed"
    };
    private static final String[] STAGES = {"tofu", "mofu", "bofu"};
    private static final String[] SENIORITY = {"cxo", "vp", "director", "manager", "individual", "student"};
    private static final String[] INDUSTRIES = {"software", "fintech", "healthcare", "retail", "education"};

    private SyntheticLoad() {}

    /** The documented example model: 9 fit and 11 engagement rules. */
    static Model exampleModel() {
        return parse(exampleText());
    }

    /** The bundled example model's text (examples/model.yaml). */
    static String exampleText() {
        try (InputStream in = SyntheticLoad.class.getResourceAsStream("/dev/leadflow/examples/model.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model the benchmarks know to be valid. */
    static Model parse(String text) {
        return switch (new ModelParser().parse(text)) {
            case ModelParser.Result.Valid v -> v.model();
            case ModelParser.Result.Invalid i ->
                throw new IllegalStateException(i.errors().toString());
        };
    }

    static List<Input> generate(String traffic, int leads, int events, long seed) {
        return switch (traffic) {
            case "sessions" -> sessions(leads, events, seed);
            case "uniform" -> uniform(leads, events, seed);
            default -> throw new IllegalArgumentException("traffic is sessions or uniform, not " + traffic);
        };
    }

    /** Visits of 1–9 events, 10 s to 5 min apart, each person's visits spread over 180 days. */
    static List<Input> sessions(int leads, int events, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Shapes shapes = new Shapes();
        long start = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long span = 180L * 86_400_000;
        Input[] all = new Input[events];
        long[] keys = new long[events];
        int n = 0;
        int perLead = events / leads;
        for (int lead = 0; lead < leads && n < events; lead++) {
            int budget = lead == leads - 1 ? events - n : Math.min(events - n, perLead);
            long[] visits = rnd.longs(Math.max(1, budget / 5), 0, span).sorted().toArray();
            boolean canIdentify = lead % 10 >= 3;
            int identifyVisit = canIdentify ? rnd.nextInt(visits.length) : -1;
            boolean identified = false;
            boolean grouped = false;
            int emitted = 0;
            for (int v = 0; v < visits.length && emitted < budget; v++) {
                long t = start + visits[v];
                int size = v == visits.length - 1 ? budget - emitted : Math.min(budget - emitted, 1 + rnd.nextInt(9));
                for (int e = 0; e < size; e++) {
                    t += 10_000 + rnd.nextLong(290_000);
                    Input input;
                    if (v == identifyVisit && !identified) {
                        identified = true;
                        input = shapes.identify("s" + n, t, lead);
                    } else if (identified && !grouped) {
                        grouped = true;
                        input = shapes.group("s" + n, t, lead);
                    } else {
                        input = shapes.behaviour(rnd, "s" + n, t, lead, identified);
                    }
                    keys[n] = ((t - start) << 23) | n;
                    all[n++] = input;
                    emitted++;
                }
            }
        }
        long[] order = java.util.Arrays.copyOf(keys, n);
        java.util.Arrays.sort(order);
        List<Input> out = new ArrayList<>(n);
        for (long key : order) {
            out.add(arrived(all[(int) (key & ((1 << 23) - 1))]));
        }
        return out;
    }

    /**
     * A copy of a record allocated now, with its own strings, as a parser reading the stream in
     * time order would allocate it: records generated person by person would otherwise sit scattered
     * over the heap in an order no real input has.
     */
    private static Input arrived(Input in) {
        String id = fresh(in.messageId());
        String user = fresh(in.userId());
        String anon = fresh(in.anonymousId());
        Instant at = Instant.ofEpochMilli(in.epochMillis());
        return switch (in) {
            case Page p -> new Page(id, at, user, anon, p.properties());
            case Track t -> new Track(id, at, user, anon, t.name(), t.properties());
            case Identify i -> new Identify(id, at, user, anon, i.traits());
            case Group g -> new Group(id, at, user, anon, g.groupId(), g.traits());
            default -> throw new IllegalStateException("not generated: " + in.type());
        };
    }

    /** A copy with its own characters ({@code new String(String)} would share the original's array). */
    private static String fresh(String s) {
        return s == null ? null : new String(s.toCharArray());
    }

    /** Every event for a person drawn at random, at increasing times. */
    static List<Input> uniform(int leads, int events, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Shapes shapes = new Shapes();
        boolean[] identified = new boolean[leads];
        List<Input> out = new ArrayList<>(events);
        long t = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long step = Math.max(1, 180L * 86_400_000 / events);
        for (int n = 0; n < events; n++) {
            t += 1 + rnd.nextLong(2 * step);
            int lead = rnd.nextInt(leads);
            int kind = rnd.nextInt(100);
            if (lead % 10 >= 3 && !identified[lead] && kind < 8) {
                identified[lead] = true;
                out.add(shapes.identify("e" + n, t, lead));
            } else if (identified[lead] && kind < 10) {
                out.add(shapes.group("e" + n, t, lead));
            } else {
                out.add(shapes.behaviour(rnd, "e" + n, t, lead, identified[lead]));
            }
        }
        return out;
    }

    /** The records of both traffic shapes, with property maps shared between events. */
    private static final class Shapes {
        private final List<Fields> pages = new ArrayList<>();
        private final List<Fields> tracks = new ArrayList<>();

        Shapes() {
            for (String c : CATEGORIES) {
                pages.add(Fields.of(Map.of("category", c, "context.campaign.medium", "organic")));
                pages.add(Fields.of(Map.of("category", c, "context.campaign.medium", "cpc")));
            }
            for (String s : STAGES) {
                tracks.add(Fields.of(Map.of("funnel_stage", s, "title", "Guide " + s)));
            }
        }

        Input identify(String id, long t, int lead) {
            return new Identify(
                    id,
                    Instant.ofEpochMilli(t),
                    "user-" + lead,
                    "anon-" + lead,
                    Fields.of(Map.of(
                            "email",
                            "user-" + lead + (lead % 4 == 0 ? "@gmail.com" : "@corp.io"),
                            "job.seniority",
                            SENIORITY[lead % SENIORITY.length],
                            "job.role",
                            lead % 3 == 0 ? "marketing" : "engineering")));
        }

        Input group(String id, long t, int lead) {
            return new Group(
                    id,
                    Instant.ofEpochMilli(t),
                    "user-" + lead,
                    null,
                    "acct-" + lead % 5000,
                    Fields.of(Map.of(
                            "company.name",
                            "Account " + lead % 5000,
                            "company.employees",
                            (double) (lead % 5000),
                            "company.industry",
                            INDUSTRIES[lead % INDUSTRIES.length])));
        }

        Input behaviour(SplittableRandom rnd, String id, long t, int lead, boolean identified) {
            String user = identified ? "user-" + lead : null;
            String anon = identified ? null : "anon-" + lead;
            Instant at = Instant.ofEpochMilli(t);
            if (rnd.nextInt(100) < 60) {
                return new Page(id, at, user, anon, pages.get(rnd.nextInt(pages.size())));
            }
            return new Track(
                    id, at, user, anon, EVENTS[rnd.nextInt(EVENTS.length)], tracks.get(rnd.nextInt(tracks.size())));
        }
    }
}
