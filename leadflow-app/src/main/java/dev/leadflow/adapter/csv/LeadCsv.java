package dev.leadflow.adapter.csv;

import dev.leadflow.adapter.json.LeadJson;
import dev.leadflow.engine.LeadSummary;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The lead list as CSV, for the API and the dashboard, through the one CSV writer ({@link Csv}). */
public final class LeadCsv {

    public static final String TYPE = Csv.TYPE;
    private static final List<String> HEADER = List.of(
            "lead", "stage", "fit", "engagement", "grade", "cycle", "mql_at", "owner", "email", "name", "company");

    private LeadCsv() {}

    public static String of(List<LeadSummary> leads, Function<String, Optional<String>> ownerOf) {
        Csv csv = new Csv().row(HEADER);
        for (LeadSummary s : leads) {
            csv.row(Arrays.asList(
                    s.id(),
                    s.stage().wireName(),
                    s.fit(),
                    s.engagement(),
                    s.grade().orElse(null),
                    s.cycle(),
                    s.mqlAt().map(LeadJson::time).orElse(null),
                    ownerOf.apply(s.id()).orElse(null),
                    s.email().orElse(null),
                    s.name().orElse(null),
                    s.company().orElse(null)));
        }
        return csv.toString();
    }
}
