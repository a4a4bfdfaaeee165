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
 * A large, seeded, time-ordered event stream for benchmarks: {@code leads} people, {@code events}
 * records over 180 days, 30% of people never identifying. Property maps are shared between events
 * (as a parser's interned values would be) so that the stream itself fits in a modest heap.
 */
final class SyntheticLoad {

    private static final String[] CATEGORIES = {"pricing", "product", "integrations", "security", "blog", "careers"};
    private static final String[] EVENTS = {"content_downloaded", "email_opened", "email_clicked",
        "webinar_registered", "webinar_attended", "form_submitted", "unsubscribed", "newsletter_subscribed"};
    private static final String[] STAGES = {"tofu", "mofu", "bofu"};
    private static final String[] SENIORITY = {"cxo", "vp", "director", "manager", "individual", "student"};
    private static final String[] INDUSTRIES = {"software", "fintech", "healthcare", "retail", "education"};

    private SyntheticLoad() {
    }

    /** The documented example model: 9 fit and 11 engagement rules. */
    static Model exampleModel() {
        try (InputStream in = SyntheticLoad.class.getResourceAsStream("/dev/leadflow/examples/model.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return switch (new ModelParser().parse(text)) {
                case ModelParser.Result.Valid v -> v.model();
                case ModelParser.Result.Invalid i -> throw new IllegalStateException(i.errors().toString());
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Input> generate(int leads, int events, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Fields> pages = new ArrayList<>();
        for (String c : CATEGORIES) {
            pages.add(Fields.of(Map.of("category", c, "context.campaign.medium", "organic")));
            pages.add(Fields.of(Map.of("category", c, "context.campaign.medium", "cpc")));
        }
        List<Fields> tracks = new ArrayList<>();
        for (String s : STAGES) {
            tracks.add(Fields.of(Map.of("funnel_stage", s, "title", "Guide " + s)));
        }
        String[] userIds = new String[leads];
        String[] anonIds = new String[leads];
        for (int i = 0; i < leads; i++) {
            userIds[i] = "user-" + i;
            anonIds[i] = "anon-" + i;
        }
        boolean[] identified = new boolean[leads];
        List<Input> out = new ArrayList<>(events);
        long t = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long step = Math.max(1, 180L * 86_400_000 / events);
        for (int n = 0; n < events; n++) {
            t += 1 + rnd.nextLong(2 * step);
            Instant at = Instant.ofEpochMilli(t);
            int lead = rnd.nextInt(leads);
            boolean canIdentify = lead % 10 >= 3;
            String id = "e" + n;
            int kind = rnd.nextInt(100);
            String user = identified[lead] ? userIds[lead] : null;
            String anon = identified[lead] ? null : anonIds[lead];
            Input input;
            if (canIdentify && !identified[lead] && kind < 8) {
                identified[lead] = true;
                input = new Identify(id, at, userIds[lead], anonIds[lead], Fields.of(Map.of(
                        "email", userIds[lead] + (lead % 4 == 0 ? "@gmail.com" : "@corp.io"),
                        "job.seniority", SENIORITY[lead % SENIORITY.length],
                        "job.role", lead % 3 == 0 ? "marketing" : "engineering")));
            } else if (identified[lead] && kind < 10) {
                input = new Group(id, at, user, null, "acct-" + lead % 5000, Fields.of(Map.of(
                        "company.name", "Account " + lead % 5000, "company.employees", (double) (lead % 5000),
                        "company.industry", INDUSTRIES[lead % INDUSTRIES.length])));
            } else if (kind < 60) {
                input = new Page(id, at, user, anon, pages.get(rnd.nextInt(pages.size())));
            } else {
                input = new Track(id, at, user, anon, EVENTS[rnd.nextInt(EVENTS.length)],
                        tracks.get(rnd.nextInt(tracks.size())));
            }
            out.add(input);
        }
        return out;
    }
}
