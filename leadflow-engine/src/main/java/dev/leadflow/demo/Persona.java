package dev.leadflow.demo;

import dev.leadflow.input.Fields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Who a demo lead is: name, job and (unless they signed up with a free-mail address) the company
 * they work for. {@link #icp()} is the ground truth that sales judges by; the scoring model only
 * approximates it, which is what makes a demo history worth backtesting.
 *
 * @param company null for a lead without a company (free mail, students)
 * @param junk    made-up form data ("Test Test"), which sales rejects as {@code inaccurate_data}
 */
record Persona(
        String firstName,
        String lastName,
        String email,
        String title,
        String seniority,
        String role,
        @Nullable Company company,
        boolean junk) {

    /** An account; {@code competitor} marks a rival vendor whose staff research the product. */
    record Company(
            String id,
            String name,
            String domain,
            int employees,
            String industry,
            String country,
            boolean competitor) {}

    private static final String[] FIRST = {
        "Alice", "Ben", "Carla", "Dmitri", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kavya", "Liam", "Maria",
        "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wei", "Ximena", "Yusuf", "Zoe",
        "Anna", "Lukas", "Sofia", "Mateo", "Chloe", "Ethan", "Priya", "Daniel", "Hannah", "Lucas", "Mia", "Oliver",
        "Nora", "Samuel"
    };
    private static final String[] LAST = {
        "Smith",
        "Müller",
        "Garcia",
        "Rossi",
        "Dubois",
        "Kowalski",
        "Tanaka",
        "Okafor",
        "Johansson",
        "Novak",
        "Silva",
        "Patel",
        "Nguyen",
        "Kim",
        "Cohen",
        "Schmidt",
        "Martin",
        "Jensen",
        "Fischer",
        "Moreau",
        "Brown",
        "Wilson",
        "Lopez",
        "Weber",
        "Costa",
        "Ivanova",
        "Haddad",
        "Murphy",
        "Larsen",
        "Bianchi",
        "Meyer",
        "Chen",
        "Singh",
        "Andersson",
        "Fernandez",
        "Walsh"
    };
    private static final String[] NAME_HEAD = {
        "Acme",
        "Northwind",
        "Bluepeak",
        "Quantum",
        "Ironleaf",
        "Brightline",
        "Cobalt",
        "Evergreen",
        "Helix",
        "Lumen",
        "Meridian",
        "Nimbus",
        "Orbit",
        "Pioneer",
        "Redwood",
        "Sierra",
        "Tidal",
        "Vertex",
        "Willow",
        "Zenith",
        "Atlas",
        "Beacon",
        "Cascade",
        "Delta"
    };
    private static final String[] NAME_TAIL = {
        "Labs",
        "Systems",
        "Health",
        "Pay",
        "Robotics",
        "Analytics",
        "Logistics",
        "Retail",
        "Learning",
        "Media",
        "Cloud",
        "Works",
        "Capital",
        "Foods",
        "Energy",
        "Bank"
    };
    private static final String[] COMPETITORS = {"Scorely", "FunnelForge", "LeadLoop"};

    private static final String[] INDUSTRIES = {
        "software",
        "fintech",
        "healthcare",
        "manufacturing",
        "retail",
        "education",
        "media",
        "logistics",
        "nonprofit",
        "government"
    };
    private static final double[] INDUSTRY_SHARE = {28, 12, 12, 12, 10, 8, 6, 6, 3, 3};
    private static final double[] INDUSTRY_FIT = {1.0, 1.0, 0.8, 0.75, 0.5, 0.35, 0.6, 0.6, 0.3, 0.3};
    private static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "NL", "CA", "AU", "IN", "ES", "SE"};
    private static final double[] COUNTRY_SHARE = {40, 12, 12, 8, 5, 6, 5, 6, 3, 3};
    private static final String[] TLDS = {".com", ".co.uk", ".de", ".fr", ".nl", ".ca", ".com.au", ".in", ".es", ".se"};

    static final String[] SENIORITIES = {"cxo", "vp", "director", "manager", "individual", "student"};
    private static final double[] SENIORITY_FIT = {0.9, 1.0, 0.9, 0.6, 0.3, 0.0};
    private static final String[] ROLES = {"marketing", "sales", "engineering", "finance", "other"};
    private static final double[] ROLE_SHARE = {35, 20, 20, 8, 17};
    private static final double[] ROLE_FIT = {1.0, 0.95, 0.6, 0.5, 0.4};
    private static final String[][] TITLES = {
        {"Chief Marketing Officer", "Chief Revenue Officer", "CTO", "CFO", "CEO"},
        {"VP Marketing", "VP Sales", "VP Engineering", "VP Finance", "VP Operations"},
        {
            "Director of Demand Generation",
            "Director of Sales Operations",
            "Director of Engineering",
            "Finance Director",
            "Director of Operations"
        },
        {"Marketing Operations Manager", "Sales Manager", "Engineering Manager", "Finance Manager", "Office Manager"},
        {"Marketing Specialist", "Account Executive", "Software Engineer", "Accountant", "Analyst"},
        {"Marketing student", "Business student", "Computer science student", "Finance student", "student"}
    };
    private static final String[] FREE_MAIL = {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com"};

    /** {@code count} accounts, a few of them competitors; ids are unique within the list. */
    static List<Company> companies(RandomGenerator rng, int count) {
        List<Company> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean competitor = i < COMPETITORS.length;
            String name = competitor
                    ? COMPETITORS[i]
                    : NAME_HEAD[rng.nextInt(NAME_HEAD.length)] + " " + NAME_TAIL[rng.nextInt(NAME_TAIL.length)];
            int country = pick(rng, COUNTRY_SHARE);
            String domain = name.toLowerCase(Locale.ROOT).replace(" ", "") + TLDS[country];
            int employees = Math.clamp(Math.round(Math.exp(Math.log(150) + 1.5 * rng.nextGaussian())), 2, 60_000);
            String industry = competitor ? "software" : INDUSTRIES[pick(rng, INDUSTRY_SHARE)];
            out.add(new Company(
                    "acc_" + Integer.toString(100_000 + i, 36),
                    name,
                    domain,
                    employees,
                    industry,
                    COUNTRIES[country],
                    competitor));
        }
        return out;
    }

    /**
     * Draws a person; {@code seniorityShare} weighs {@link #SENIORITIES}. {@code emails} holds the
     * addresses already taken and receives the new one, so that every address is unique.
     */
    static Persona draw(RandomGenerator rng, double[] seniorityShare, List<Company> companies, Set<String> emails) {
        int seniority = pick(rng, seniorityShare);
        int role = pick(rng, ROLE_SHARE);
        boolean junk = rng.nextDouble() < 0.03;
        String first = junk ? "Test" : FIRST[rng.nextInt(FIRST.length)];
        String last = junk ? "Test" : LAST[rng.nextInt(LAST.length)];
        boolean student = seniority == SENIORITIES.length - 1;
        boolean freeMail = rng.nextDouble() < (student ? 0.85 : 0.12);
        Company company = freeMail
                ? null
                : rng.nextDouble() < 0.015
                        ? companies.get(rng.nextInt(Math.min(COMPETITORS.length, companies.size())))
                        : companies.get(rng.nextInt(companies.size()));
        String domain = company != null ? company.domain() : FREE_MAIL[rng.nextInt(FREE_MAIL.length)];
        String local = junk ? "test" : localPart(rng, first, last, freeMail);
        String email = unique(local, domain, emails);
        return new Persona(
                first,
                last,
                email,
                junk ? "x" : TITLES[seniority][role],
                SENIORITIES[seniority],
                ROLES[role],
                company,
                junk);
    }

    private static String localPart(RandomGenerator rng, String first, String last, boolean freeMail) {
        String f = ascii(first);
        String l = ascii(last);
        if (freeMail) {
            return f + "." + l + (rng.nextBoolean() ? String.valueOf(1965 + rng.nextInt(40)) : "");
        }
        double style = rng.nextDouble();
        return style < 0.6 ? f + "." + l : style < 0.8 ? f.charAt(0) + l : f;
    }

    private static String ascii(String name) {
        return name.toLowerCase(Locale.ROOT).replace("ü", "ue");
    }

    private static String unique(String local, String domain, Set<String> emails) {
        String email = local + "@" + domain;
        for (int n = 2; !emails.add(email); n++) {
            email = local + n + "@" + domain;
        }
        return email;
    }

    /** An index drawn with the given (unnormalised) weights. */
    static int pick(RandomGenerator rng, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = rng.nextDouble() * total;
        for (int i = 0; i < weights.length - 1; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** How well this person fits the ideal customer profile, 0 (never buys) to 1 (the ideal buyer). */
    double icp() {
        if (junk || (company != null && company.competitor())) {
            return 0;
        }
        double size = company == null
                ? 0.3
                : company.employees() < 20
                        ? 0.3
                        : company.employees() < 200 ? 0.7 : company.employees() <= 5000 ? 1.0 : 0.7;
        double industry = company == null ? 0.6 : INDUSTRY_FIT[indexOf(INDUSTRIES, company.industry())];
        return SENIORITY_FIT[indexOf(SENIORITIES, seniority)]
                * size
                * Math.sqrt(industry)
                * Math.sqrt(ROLE_FIT[indexOf(ROLES, role)]);
    }

    boolean competitor() {
        return company != null && company.competitor();
    }

    /** Identify traits: only the e-mail and first name for a newsletter sign-up, everything for a full form. */
    Fields traits(boolean full) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("email", email);
        t.put("first_name", firstName);
        if (full) {
            t.put("last_name", lastName);
            t.put("job.title", title);
            t.put("job.seniority", seniority);
            t.put("job.role", role);
            if (company != null) {
                t.put("company.name", company.name());
            }
        }
        return Fields.of(t);
    }

    /** Group traits, already prefixed with {@code company.} as the engine reads them. */
    Fields groupTraits() {
        Company company =
                java.util.Objects.requireNonNull(this.company, "only a persona with a company has group traits");
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("company.id", company.id());
        t.put("company.name", company.name());
        t.put("company.employees", (double) company.employees());
        t.put("company.industry", company.industry());
        t.put("company.country", company.country());
        t.put("company.website", "https://www." + company.domain());
        return Fields.of(t);
    }

    private static int indexOf(String[] values, String value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return i;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
