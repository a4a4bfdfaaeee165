package dev.leadflow.demo;

import dev.leadflow.input.Fields;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The demo company's website, marketing calendar and channels, and how they look on the wire:
 * page and event properties in the Segment shape. Property maps are shared between records (they
 * are immutable), which keeps a history of millions of records small.
 */
final class Site {

    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    private static final String HOST = "https://www.leadflow.example";

    enum Category {
        HOME,
        PRODUCT,
        INTEGRATIONS,
        SECURITY,
        PRICING,
        CUSTOMERS,
        RESOURCES,
        BLOG,
        CAREERS;

        final String wire = name().toLowerCase(Locale.ROOT);
    }

    record Page(String path, String title, Category category) {}

    /** A downloadable asset; {@code stage} is its funnel stage: tofu, mofu or bofu. */
    record Content(String id, String title, String format, String stage) {}

    record Webinar(String id, String title, long at) {}

    /** How a session arrived: UTM campaign (source, medium, name; each may be null) and external referrer. */
    record Arrival(
            @Nullable String source,
            @Nullable String medium,
            @Nullable String campaign,
            @Nullable String referrer,
            Category landing) {}

    /** Acquisition channels with their share of first visits and their lead quality (1 = average). */
    enum Channel {
        ORGANIC_SEARCH(30, 1.25, "organic", new String[] {"google", "bing", "duckduckgo"}, new String[0], new double[] {
            20, 15, 5, 0, 5, 0, 0, 55, 0
        }),
        PAID_SEARCH(
                17,
                0.9,
                "cpc",
                new String[] {"google", "bing"},
                new String[] {"brand-search", "lead-scoring-software", "competitor-terms", "mql-automation"},
                new double[] {20, 40, 0, 0, 20, 0, 20, 0, 0}),
        SOCIAL(
                12,
                0.55,
                "social",
                new String[] {"linkedin", "twitter", "facebook", "reddit"},
                new String[] {"thought-leadership", "ebook-promo", "webinar-promo"},
                new double[] {10, 10, 0, 0, 0, 0, 30, 50, 0}),
        EMAIL(
                7,
                1.0,
                "email",
                new String[] {"partner-newsletter", "martech-weekly"},
                new String[] {"co-marketing", "sponsored-issue"},
                new double[] {10, 20, 0, 0, 0, 0, 40, 30, 0}),
        REFERRAL(
                9,
                1.45,
                "referral",
                new String[] {"g2.com", "capterra.com", "partner-blog"},
                new String[] {"g2-profile", "capterra-listing", "partner-program"},
                new double[] {30, 30, 10, 0, 10, 20, 0, 0, 0}),
        DIRECT(14, 1.1, null, new String[0], new String[0], new double[] {70, 20, 0, 0, 10, 0, 0, 0, 0}),
        DISPLAY(
                11,
                0.45,
                "display",
                new String[] {"google-display", "adroll"},
                new String[] {"retargeting", "awareness"},
                new double[] {40, 30, 0, 0, 0, 0, 30, 0, 0});

        final double share;
        final double quality;
        private final @Nullable String medium;
        private final String[] sources;
        private final String[] campaigns;
        private final double[] landing;

        Channel(
                double share,
                double quality,
                @Nullable String medium,
                String[] sources,
                String[] campaigns,
                double[] landing) {
            this.share = share;
            this.quality = quality;
            this.medium = medium;
            this.sources = sources;
            this.campaigns = campaigns;
            this.landing = landing;
        }

        Arrival arrive(RandomGenerator rng) {
            Category page = Category.values()[Persona.pick(rng, landing)];
            if (sources.length == 0) {
                return new Arrival(null, null, null, null, page);
            }
            String source = sources[Math.min(rng.nextInt(sources.length), rng.nextInt(sources.length))];
            String campaign = campaigns.length == 0 ? null : campaigns[rng.nextInt(campaigns.length)];
            String referrer = "https://www." + (source.contains(".") ? source : source + ".com") + "/";
            return new Arrival(source, medium, campaign, referrer, page);
        }
    }

    private static final Map<Category, List<Page>> PAGES = pages();

    private static final List<List<Content>> CONTENT = List.of(
            List.of(
                    new Content("lead-scoring-playbook", "The B2B Lead Scoring Playbook", "ebook", "tofu"),
                    new Content("state-of-demand-gen", "State of Demand Gen", "report", "tofu"),
                    new Content("mql-vs-sql-checklist", "MQL vs SQL checklist", "checklist", "tofu")),
            List.of(
                    new Content("scoring-model-template", "Lead scoring model template", "template", "mofu"),
                    new Content("northwind-case-study", "How Northwind cut MQL noise by 40%", "case_study", "mofu"),
                    new Content("closed-loop-whitepaper", "Closed-loop funnel reporting", "whitepaper", "mofu")),
            List.of(
                    new Content("buyers-guide", "Lead qualification buyer's guide", "guide", "bofu"),
                    new Content("roi-calculator", "Leadflow ROI calculator", "tool", "bofu"),
                    new Content("security-whitepaper", "Security and GDPR whitepaper", "whitepaper", "bofu")));

    private static final String[] WEBINAR_TITLES = {
        "Lead scoring that sales trusts",
        "From MQL to revenue",
        "Building a sales SLA that sticks",
        "Decay, limits and the engagement score",
        "Closed-loop reporting 101"
    };

    private final long start;
    private final long end;
    private final List<Webinar> webinars = new ArrayList<>();
    private final List<Long> newsletters = new ArrayList<>();
    private final Map<String, Fields> cache = new HashMap<>();
    private final Map<PageView, Fields> views = new HashMap<>();

    /** A page and where the visitor came from: an {@link Arrival} or the previous {@link Page}. */
    private record PageView(Page page, @Nullable Record from) {}

    Site(long start, long end) {
        this.start = start;
        this.end = end;
        long thursday = next(start + 5 * DAY, DayOfWeek.THURSDAY, 16);
        for (int k = 0; thursday + k * 21L * DAY <= end + 30L * DAY; k++) {
            webinars.add(
                    new Webinar("wb-" + (k + 1), WEBINAR_TITLES[k % WEBINAR_TITLES.length], thursday + k * 21L * DAY));
        }
        for (long t = next(start, DayOfWeek.TUESDAY, 10); t <= end; t += 14 * DAY) {
            newsletters.add(t);
        }
    }

    private static long next(long from, DayOfWeek day, int hour) {
        ZonedDateTime z = Instant.ofEpochMilli(from)
                .atZone(ZoneOffset.UTC)
                .withHour(hour)
                .withMinute(0)
                .withSecond(0)
                .withNano(0);
        while (z.getDayOfWeek() != day || z.toInstant().toEpochMilli() < from) {
            z = z.plusDays(1);
        }
        return z.toInstant().toEpochMilli();
    }

    long start() {
        return start;
    }

    long end() {
        return end;
    }

    /** A plausible moment for a person to visit, at or after {@code earliest}: mostly office hours, few weekends. */
    static long visitTime(RandomGenerator rng, long earliest) {
        ZonedDateTime z = Instant.ofEpochMilli(earliest).atZone(ZoneOffset.UTC);
        long t = earliest;
        if (z.getDayOfWeek().getValue() >= 6 && rng.nextDouble() < 0.7) {
            t += (8 - z.getDayOfWeek().getValue()) * DAY;
        }
        int hour = z.getHour();
        if ((hour < 8 || hour >= 20) && rng.nextDouble() < 0.8) {
            t += ((hour < 8 ? 8 - hour : 32 - hour) * HOUR) + rng.nextLong(3 * HOUR);
        }
        return t;
    }

    /** The first office-hours moment (weekdays 08:00–18:00 UTC) at or after {@code t}, plus a little slack. */
    static long officeHours(RandomGenerator rng, long t) {
        ZonedDateTime z = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC);
        if (z.getDayOfWeek().getValue() <= 5 && z.getHour() >= 8 && z.getHour() < 18) {
            return t;
        }
        ZonedDateTime open = z.getHour() < 8
                ? z.withHour(8).withMinute(0)
                : z.plusDays(1).withHour(8).withMinute(0);
        while (open.getDayOfWeek().getValue() >= 6) {
            open = open.plusDays(1);
        }
        return open.toInstant().toEpochMilli() + rng.nextLong(2 * HOUR);
    }

    Page page(RandomGenerator rng, Category category) {
        List<Page> pages = java.util.Objects.requireNonNull(PAGES.get(category), "every category has pages");
        return pages.get(rng.nextInt(pages.size()));
    }

    Content content(RandomGenerator rng, int stage) {
        List<Content> list = CONTENT.get(stage);
        return list.get(rng.nextInt(list.size()));
    }

    /** The next webinar between one and 28 days after {@code t}, if any. */
    Optional<Webinar> upcomingWebinar(long t) {
        return webinars.stream()
                .filter(w -> w.at() > t + DAY && w.at() <= t + 28 * DAY)
                .findFirst();
    }

    List<Long> newsletterSends() {
        return newsletters;
    }

    /** The properties of a view of {@code page}, entered from {@code previous}, or from outside by {@code arrival}. */
    Fields pageFields(Page page, @Nullable Arrival arrival, @Nullable Page previous) {
        PageView key = new PageView(page, previous == null ? arrival : previous);
        Fields cached = views.get(key);
        if (cached != null) {
            return cached;
        }
        Fields f = Fields.of(pageProperties(page, arrival, previous));
        views.put(key, f);
        return f;
    }

    private static Map<String, Object> pageProperties(Page page, @Nullable Arrival arrival, @Nullable Page previous) {
        Map<String, Object> p = new LinkedHashMap<>();
        Arrival from =
                previous != null ? null : java.util.Objects.requireNonNull(arrival, "a first page has an arrival");
        String referrer =
                from == null ? HOST + java.util.Objects.requireNonNull(previous).path() : from.referrer();
        p.put("name", page.title());
        p.put("category", page.category().wire);
        p.put("path", page.path());
        p.put("url", HOST + page.path());
        p.put("title", page.title() + " | Leadflow");
        putIfPresent(p, "referrer", referrer);
        p.put("context.page.path", page.path());
        p.put("context.page.url", HOST + page.path());
        putIfPresent(p, "context.page.referrer", referrer);
        if (from != null) {
            putIfPresent(p, "context.campaign.source", from.source());
            putIfPresent(p, "context.campaign.medium", from.medium());
            putIfPresent(p, "context.campaign.name", from.campaign());
        }
        return p;
    }

    Fields contentFields(Content c) {
        return fields(
                "content|" + c.id(),
                () -> Map.of(
                        "content_id", c.id(), "title", c.title(), "format", c.format(), "funnel_stage", c.stage()));
    }

    Fields formFields(String formId, String path) {
        return fields(
                "form|" + formId + "|" + path,
                () -> Map.of(
                        "form_id", formId, "path", path, "context.page.path", path, "context.page.url", HOST + path));
    }

    Fields webinarFields(Webinar w) {
        return fields(
                "webinar|" + w.id(),
                () -> Map.of(
                        "webinar_id",
                        w.id(),
                        "title",
                        w.title(),
                        "starts_at",
                        Instant.ofEpochMilli(w.at()).toString()));
    }

    Fields emailFields(String emailId, String campaign) {
        return fields(
                "email|" + emailId,
                () -> Map.of(
                        "email_id",
                        emailId,
                        "campaign",
                        campaign,
                        "context.campaign.source",
                        "leadflow",
                        "context.campaign.medium",
                        "email"));
    }

    /** The fields under {@code key}, made from {@code values} the first time. */
    Fields fields(String key, Supplier<Map<String, ?>> values) {
        Fields f = cache.get(key);
        if (f == null) {
            f = Fields.of(values.get());
            cache.put(key, f);
        }
        return f;
    }

    private static void putIfPresent(Map<String, Object> map, String key, @Nullable String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Map<Category, List<Page>> pages() {
        Map<Category, List<Page>> m = new HashMap<>();
        m.put(Category.HOME, List.of(new Page("/", "Leadflow", Category.HOME)));
        m.put(
                Category.PRODUCT,
                List.of(
                        new Page("/product", "Product", Category.PRODUCT),
                        new Page("/product/scoring", "Lead scoring", Category.PRODUCT),
                        new Page("/product/lifecycle", "Lifecycle stages", Category.PRODUCT),
                        new Page("/product/routing", "Lead routing", Category.PRODUCT),
                        new Page("/product/reporting", "Funnel reporting", Category.PRODUCT)));
        m.put(
                Category.INTEGRATIONS,
                List.of(
                        new Page("/integrations", "Integrations", Category.INTEGRATIONS),
                        new Page("/integrations/salesforce", "Salesforce integration", Category.INTEGRATIONS),
                        new Page("/integrations/hubspot", "HubSpot integration", Category.INTEGRATIONS),
                        new Page("/integrations/segment", "Segment integration", Category.INTEGRATIONS)));
        m.put(
                Category.SECURITY,
                List.of(
                        new Page("/security", "Security", Category.SECURITY),
                        new Page("/security/gdpr", "GDPR", Category.SECURITY)));
        m.put(Category.PRICING, List.of(new Page("/pricing", "Pricing", Category.PRICING)));
        m.put(
                Category.CUSTOMERS,
                List.of(
                        new Page("/customers", "Customers", Category.CUSTOMERS),
                        new Page("/customers/northwind", "Northwind story", Category.CUSTOMERS)));
        m.put(
                Category.RESOURCES,
                List.of(
                        new Page("/resources", "Resources", Category.RESOURCES),
                        new Page("/webinars", "Webinars", Category.RESOURCES)));
        m.put(
                Category.BLOG,
                List.of(
                        new Page("/blog", "Blog", Category.BLOG),
                        new Page("/blog/lead-scoring-101", "Lead scoring 101", Category.BLOG),
                        new Page("/blog/mql-vs-sql", "MQL vs SQL", Category.BLOG),
                        new Page("/blog/b2b-attribution", "B2B attribution", Category.BLOG),
                        new Page("/blog/sales-marketing-sla", "The sales and marketing SLA", Category.BLOG),
                        new Page("/blog/score-decay", "Why scores should decay", Category.BLOG)));
        m.put(
                Category.CAREERS,
                List.of(
                        new Page("/careers", "Careers", Category.CAREERS),
                        new Page("/careers/backend-engineer", "Backend engineer", Category.CAREERS),
                        new Page("/careers/account-executive", "Account executive", Category.CAREERS)));
        return Map.copyOf(m);
    }
}
