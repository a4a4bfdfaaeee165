package dev.leadflow.demo;

import dev.leadflow.input.Alias;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Group;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.Page;
import dev.leadflow.input.Track;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * One person's marketing history: an anonymous first visit through a channel, returning sessions,
 * a form that identifies them (or none), content, webinars and e-mail. Sales is not part of it
 * ({@link DemoHistory} adds that); the journey only depends on who the person is and how much they
 * want to buy.
 */
final class Journey {

    /** How often and how long someone visits. */
    record Habits(double sessions, double gapDays, int minPages, int maxPages) {}

    /** Chances per occasion: identify at all, first form kind, per-session conversions, per-e-mail reactions. */
    record Propensity(
            double identify,
            double newsletter,
            double webinarFirst,
            double download,
            double webinar,
            double handRaise,
            double open,
            double click,
            double unsubscribe) {}

    private static final double[] GENERAL = {6, 8, 14, 24, 36, 12};
    private static final double[] BUYING = {12, 14, 22, 28, 22, 2};
    private static final double[] JOBS = {0, 0, 0, 10, 60, 30};

    /** Kinds of visitor; {@code lift} is how strongly a better channel brings more of them. */
    enum Archetype {
        BROWSER(
                34,
                -1.0,
                0.15,
                new Habits(1.6, 14, 1, 3),
                new Propensity(0.7, 0.35, 0.0, 0.08, 0.02, 0.0, 0.18, 0.08, 0.03),
                GENERAL,
                0,
                new double[] {10, 12, 3, 1, 3, 2, 6, 60, 3}),
        RESEARCHER(
                28,
                0.0,
                0.35,
                new Habits(3, 9, 2, 5),
                new Propensity(0.85, 0.1, 0.08, 0.3, 0.06, 0.01, 0.28, 0.15, 0.015),
                GENERAL,
                0,
                new double[] {8, 20, 8, 3, 6, 5, 18, 30, 2}),
        EVALUATOR(
                20,
                1.0,
                0.65,
                new Habits(6, 5, 3, 7),
                new Propensity(0.9, 0.08, 0.25, 0.3, 0.1, 0.12, 0.35, 0.22, 0.01),
                BUYING,
                1,
                new double[] {6, 25, 14, 8, 14, 10, 10, 12, 1}),
        BUYER(
                10,
                1.5,
                0.95,
                new Habits(8, 3, 3, 8),
                new Propensity(0.95, 0.04, 0.15, 0.25, 0.08, 0.55, 0.45, 0.3, 0.008),
                BUYING,
                1,
                new double[] {5, 24, 12, 10, 24, 12, 6, 6, 1}),
        JOB_SEEKER(
                8,
                -0.5,
                0.0,
                new Habits(2, 10, 2, 4),
                new Propensity(0.45, 0.6, 0.0, 0.05, 0.0, 0.0, 0.2, 0.05, 0.03),
                JOBS,
                0,
                new double[] {10, 8, 2, 1, 1, 4, 3, 16, 55});

        final double share;
        final double lift;
        final double intent;
        final Habits habits;
        final Propensity propensity;
        final double[] seniority;
        final int contentStage;
        final double[] categories;

        Archetype(
                double share,
                double lift,
                double intent,
                Habits habits,
                Propensity propensity,
                double[] seniority,
                int contentStage,
                double[] categories) {
            this.share = share;
            this.lift = lift;
            this.intent = intent;
            this.habits = habits;
            this.propensity = propensity;
            this.seniority = seniority;
            this.contentStage = contentStage;
            this.categories = categories;
        }

        static Archetype arriving(RandomGenerator rng, Site.Channel channel) {
            Archetype[] all = values();
            double[] weights = new double[all.length];
            for (int i = 0; i < all.length; i++) {
                weights[i] = all[i].share * Math.pow(channel.quality, all[i].lift);
            }
            return all[Persona.pick(rng, weights)];
        }
    }

    /**
     * What a person's history came to. {@code crmId} is the id that replaced {@code userId} at
     * {@code aliasAt}, if any; {@code userId} is null for someone who never identified.
     */
    record Plan(
            List<Input> records,
            Persona persona,
            Archetype archetype,
            @Nullable String userId,
            @Nullable String crmId,
            long aliasAt) {

        /** The id a record at {@code t} (after identification) is sent with. */
        @Nullable
        String userIdAt(long t) {
            return crmId != null && t > aliasAt ? crmId : userId;
        }
    }

    /** A form a visitor fills in. */
    sealed interface Form permits Newsletter, Gated, WebinarSignup, HandRaise {}

    record Newsletter() implements Form {}

    record Gated(Site.Content content) implements Form {}

    record WebinarSignup(Site.Webinar webinar) implements Form {}

    /** {@code event} is {@code demo_requested} or {@code contact_requested}. */
    record HandRaise(String event) implements Form {}

    private static final int[] NURTURE_DAYS = {2, 6, 13, 27};

    private final RandomGenerator rng;
    private final Site site;
    private final DemoHistory.Ids ids;
    private final int index;
    private final Site.Channel channel;
    private final Archetype archetype;
    private final Propensity p;
    private final Persona persona;
    private final String anonymousId;
    private final @Nullable String secondDevice;
    private final List<Input> records = new ArrayList<>();
    private final Set<String> webinars = new HashSet<>(2);
    private @Nullable String userId;
    private @Nullable String crmId;
    private long aliasAt = Long.MAX_VALUE;
    private long identifiedAt;
    private boolean fullProfile;
    private boolean grouped;
    private int downloads;

    Journey(
            RandomGenerator rng,
            Site site,
            DemoHistory.Ids ids,
            int index,
            List<Persona.Company> companies,
            Set<String> emails) {
        this.rng = rng;
        this.site = site;
        this.ids = ids;
        this.index = index;
        Site.Channel[] channels = Site.Channel.values();
        double[] shares = new double[channels.length];
        for (int i = 0; i < channels.length; i++) {
            shares[i] = channels[i].share;
        }
        this.channel = channels[Persona.pick(rng, shares)];
        this.archetype = Archetype.arriving(rng, channel);
        this.p = archetype.propensity;
        this.persona = Persona.draw(rng, archetype.seniority, companies, emails);
        this.anonymousId = ids.anonymousId(index, 0);
        this.secondDevice = rng.nextDouble() < 0.2 ? ids.anonymousId(index, 1) : null;
    }

    Plan plan() {
        Habits h = archetype.habits;
        int sessions = 1 + geometric(h.sessions() - 1);
        int identifyAt = rng.nextDouble() < p.identify() ? Math.min(sessions - 1, geometric(0.8)) : -1;
        int handRaiseAt = rng.nextDouble() < p.handRaise() ? Math.min(sessions - 1, 1 + geometric(1.5)) : -1;
        long first = site.start() + rng.nextLong(Math.max(1, site.end() - site.start()));
        long visit = Site.visitTime(rng, first);
        long t = visit <= site.end() ? visit : first;
        Site.Arrival arrival = channel.arrive(rng);
        for (int n = 0; n < sessions && t <= site.end(); n++) {
            long last = session(t, arrival, n == identifyAt, n == handRaiseAt);
            arrival = returning();
            t = Site.visitTime(rng, last + 45 * Site.MINUTE + (long) (rng.nextExponential() * h.gapDays() * Site.DAY));
        }
        if (userId != null) {
            mail();
        }
        records.removeIf(r -> r.epochMillis() > site.end());
        records.sort(Comparator.comparingLong(Input::epochMillis));
        return new Plan(records, persona, archetype, userId, crmId, aliasAt);
    }

    private int geometric(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double stop = 1 / (1 + mean);
        return (int) Math.min(60, Math.log(1 - rng.nextDouble()) / Math.log(1 - stop));
    }

    private long session(long t, Site.Arrival arrival, boolean identifyNow, boolean handRaiseNow) {
        String anon = device();
        Habits h = archetype.habits;
        long last = browse(t, arrival, anon, h.minPages() + rng.nextInt(h.maxPages() - h.minPages() + 1));
        Optional<Form> form = form(last, identifyNow, handRaiseNow);
        return form.isPresent() ? submit(form.get(), last + dwell(), anon) : last;
    }

    private long browse(long t, Site.Arrival arrival, String anon, int pages) {
        Site.Page page = site.page(rng, arrival.landing());
        page(t, anon, site.pageFields(page, arrival, null));
        for (int k = 1; k < pages; k++) {
            t += dwell();
            Site.Page next = site.page(rng, category());
            page(t, anon, site.pageFields(next, null, page));
            page = next;
        }
        return t;
    }

    private Optional<Form> form(long t, boolean identifyNow, boolean handRaiseNow) {
        if (handRaiseNow) {
            return Optional.of(new HandRaise(rng.nextDouble() < 0.7 ? "demo_requested" : "contact_requested"));
        }
        if (userId == null) {
            return identifyNow ? Optional.of(firstForm(t)) : Optional.empty();
        }
        double u = rng.nextDouble();
        if (u < p.download()) {
            return Optional.of(new Gated(nextContent()));
        }
        return u < p.download() + p.webinar() ? webinarSignup(t) : Optional.empty();
    }

    private Form firstForm(long t) {
        double u = rng.nextDouble();
        if (u < p.newsletter()) {
            return new Newsletter();
        }
        Optional<Form> webinar = u < p.newsletter() + p.webinarFirst() ? webinarSignup(t) : Optional.empty();
        return webinar.orElseGet(() -> new Gated(nextContent()));
    }

    private Optional<Form> webinarSignup(long t) {
        return site.upcomingWebinar(t).filter(w -> !webinars.contains(w.id())).map(WebinarSignup::new);
    }

    private Site.Content nextContent() {
        int stage = archetype.contentStage + downloads / 2 + (rng.nextDouble() < 0.2 ? 1 : 0);
        return site.content(rng, Math.min(2, stage));
    }

    /** Fills in {@code form} at {@code t}: identify first when the form tells something new. */
    private long submit(Form form, long t, String anon) {
        boolean full = !(form instanceof Newsletter);
        boolean tellsMore = userId == null || (full && !fullProfile);
        if (userId == null) {
            identifyAs(t);
        }
        if (tellsMore) {
            records.add(new Identify(ids.next(), at(t), userIdAt(t), anon, persona.traits(full)));
            fullProfile |= full;
        }
        if (full && !grouped && persona.company() != null) {
            t += 1500;
            records.add(new Group(
                    ids.next(), at(t), userIdAt(t), anon, persona.company().id(), persona.groupTraits()));
            grouped = true;
        }
        long s = t + 900;
        return switch (form) {
            case Newsletter n ->
                track(
                        s,
                        anon,
                        "newsletter_subscribed",
                        site.fields("newsletter", () -> Map.of("list", "monthly-digest")));
            case Gated g -> {
                downloads++;
                track(
                        s,
                        anon,
                        "form_submitted",
                        site.formFields(
                                "content-download", "/resources/" + g.content().id()));
                yield track(s + 400, anon, "content_downloaded", site.contentFields(g.content()));
            }
            case WebinarSignup w -> {
                webinars.add(w.webinar().id());
                attend(w.webinar());
                yield track(s, anon, "webinar_registered", site.webinarFields(w.webinar()));
            }
            case HandRaise h -> {
                boolean demo = h.event().equals("demo_requested");
                track(
                        s,
                        anon,
                        "form_submitted",
                        site.formFields(demo ? "demo-request" : "contact-sales", demo ? "/demo" : "/contact"));
                yield track(s + 400, anon, h.event(), site.fields(h.event(), () -> Map.of("source", "website")));
            }
        };
    }

    /** Becomes known; a few get an e-mail-based id that the CRM later replaces by its own (an alias). */
    private void identifyAs(long t) {
        identifiedAt = t;
        if (rng.nextDouble() >= 0.1) {
            userId = ids.userId(index);
            return;
        }
        userId = persona.email();
        if (rng.nextDouble() < 0.85) {
            crmId = ids.crmId(index);
            aliasAt = Site.officeHours(rng, t + Site.DAY + rng.nextLong(20 * Site.DAY));
            records.add(new Alias(ids.next(), at(aliasAt), crmId, userId));
        }
    }

    private void attend(Site.Webinar w) {
        if (rng.nextDouble() < 0.45) {
            long t = w.at() + rng.nextLong(8 * Site.MINUTE);
            track(t, null, "webinar_attended", site.webinarFields(w));
        }
    }

    private record Send(long at, String emailId, String campaign) {}

    /** Newsletters and a nurture sequence from identification on, until the person unsubscribes. */
    private void mail() {
        List<Send> sends = new ArrayList<>();
        List<Long> newsletters = site.newsletterSends();
        for (int k = 0; k < newsletters.size(); k++) {
            if (newsletters.get(k) > identifiedAt) {
                sends.add(new Send(newsletters.get(k), "newsletter-" + (k + 1), "newsletter"));
            }
        }
        for (int k = 0; k < NURTURE_DAYS.length; k++) {
            long at = Site.officeHours(rng, identifiedAt + NURTURE_DAYS[k] * Site.DAY);
            sends.add(new Send(at, "nurture-" + (k + 1), "nurture"));
        }
        sends.sort(Comparator.comparingLong(Send::at));
        for (Send send : sends) {
            if (send.at() > site.end() || !react(send)) {
                return;
            }
        }
    }

    /** Opens, clicks through or unsubscribes; false once unsubscribed. */
    private boolean react(Send send) {
        if (rng.nextDouble() >= p.open()) {
            return true;
        }
        double delay = Math.exp(Math.log(3 * Site.HOUR) + 1.2 * rng.nextGaussian());
        long t = send.at() + (long) Math.min(3 * Site.DAY, delay);
        Fields fields = site.emailFields(send.emailId(), send.campaign());
        track(t, null, "email_opened", fields);
        if (rng.nextDouble() < p.unsubscribe()) {
            track(t + 20_000, null, "unsubscribed", fields);
            return false;
        }
        if (rng.nextDouble() < p.click()) {
            t = track(t + 5_000 + rng.nextLong(2 * Site.MINUTE), null, "email_clicked", fields);
            Site.Arrival arrival = new Site.Arrival("leadflow", "email", send.campaign(), null, category());
            browse(t + 3_000, arrival, device(), 1 + rng.nextInt(3));
        }
        return true;
    }

    private Site.Arrival returning() {
        double u = rng.nextDouble();
        return (u < 0.45 ? Site.Channel.DIRECT : u < 0.75 ? Site.Channel.ORGANIC_SEARCH : channel).arrive(rng);
    }

    private Site.Category category() {
        return Site.Category.values()[Persona.pick(rng, archetype.categories)];
    }

    private String device() {
        return secondDevice != null && userId != null && rng.nextDouble() < 0.35 ? secondDevice : anonymousId;
    }

    private long dwell() {
        return 20_000 + Math.min(10 * Site.MINUTE, (long) (rng.nextExponential() * 70_000));
    }

    private @Nullable String userIdAt(long t) {
        return userId == null ? null : crmId != null && t > aliasAt ? crmId : userId;
    }

    private void page(long t, @Nullable String anon, Fields fields) {
        records.add(new Page(ids.next(), at(t), userIdAt(t), anon, fields));
    }

    private long track(long t, @Nullable String anon, String name, Fields fields) {
        records.add(new Track(ids.next(), at(t), userIdAt(t), anon, name, fields));
        return t;
    }

    private static Instant at(long t) {
        return Instant.ofEpochMilli(t);
    }
}
