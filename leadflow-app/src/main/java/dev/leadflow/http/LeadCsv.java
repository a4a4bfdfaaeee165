package dev.leadflow.http;

import dev.leadflow.engine.LeadSummary;
import dev.leadflow.json.LeadJson;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The lead list as CSV, for the API and the dashboard. A text field that a spreadsheet would take
 * for a formula (it starts with {@code = + - @}, a tab or a carriage return) is prefixed with an
 * apostrophe, so that opening an export never runs what a visitor typed into a form.
 */
public final class LeadCsv {

    public static final String TYPE = Csv.TYPE;
    private static final String HEADER = "lead,stage,fit,engagement,grade,cycle,mql_at,owner,email,name,company";

    private LeadCsv() {
    }

    public static String of(List<LeadSummary> leads, Function<String, Optional<String>> ownerOf) {
        Csv csv = new Csv().row(List.of(), HEADER);
        for (LeadSummary s : leads) {
            csv.row(java.util.Arrays.asList(text(s.id()), s.stage().wireName(), String.valueOf(s.fit()),
                    String.valueOf(s.engagement()), s.grade().orElse(""), String.valueOf(s.cycle()),
                    s.mqlAt().map(LeadJson::time).orElse(""), text(ownerOf.apply(s.id()).orElse("")),
                    text(s.email().orElse("")), text(s.name().orElse("")), text(s.company().orElse(""))));
        }
        return csv.toString();
    }

    private static String text(String value) {
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
