package dev.leadflow.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The application's layering (docs/ARCHITECTURE.md): the use cases ({@code app}) and their ports
 * ({@code app.port}) know no adapter; the adapters ({@code adapter.*}) reach each other only where
 * the dashboard rides on the HTTP adapter and every export goes through the one CSV writer; SQL
 * lives in {@code adapter.jdbc}; the composition root ({@code server}, and the CLI's commands) is
 * the only place that wires adapters together and reads the wall clock.
 */
@AnalyzeClasses(packages = "dev.leadflow", importOptions = ImportOption.DoNotIncludeTests.class)
class AppArchitectureTest {

    @ArchTest
    static final ArchRule theApplicationKnowsNoAdapter = noClasses()
            .that()
            .resideInAPackage("dev.leadflow.app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.leadflow.adapter..", "dev.leadflow.server..", "dev.leadflow.cli..")
            .because("adapters depend on the use cases and their ports, never the reverse");

    @ArchTest
    static final ArchRule sqlOnlyInTheJdbcAdapter = noClasses()
            .that()
            .resideOutsideOfPackages("dev.leadflow.adapter.jdbc..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.sql..", "javax.sql..")
            .because("the storage port (RecordLog, UnitOfWork…) carries domain rows, not connections");

    @ArchTest
    static final ArchRule storageOnlyThroughItsPorts = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.leadflow.adapter.http..",
                    "dev.leadflow.adapter.web..",
                    "dev.leadflow.adapter.webhook..",
                    "dev.leadflow.adapter.csv..",
                    "dev.leadflow.adapter.json..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.leadflow.adapter.jdbc..")
            .because("the other adapters reach storage through the application's ports; server wires them");

    /** No class of {@code adapter} uses another adapter than those {@code allowed}, nor the composition root. */
    private static ArchRule adapterUsesOnly(String adapter, String... allowed) {
        List<String> others = new ArrayList<>(List.of("http", "web", "jdbc", "webhook", "csv", "json"));
        others.remove(adapter);
        others.removeAll(List.of(allowed));
        List<String> forbidden = new ArrayList<>(List.of("dev.leadflow.server..", "dev.leadflow.cli.."));
        others.forEach(o -> forbidden.add("dev.leadflow.adapter." + o + ".."));
        return noClasses()
                .that()
                .resideInAPackage("dev.leadflow.adapter." + adapter + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden.toArray(String[]::new))
                .because("adapters meet only in the composition root, but for the shared writers and the"
                        + " dashboard riding on the HTTP adapter");
    }

    @ArchTest
    static final ArchRule httpAdapter = adapterUsesOnly("http", "csv", "json");

    @ArchTest
    static final ArchRule dashboardAdapter = adapterUsesOnly("web", "http", "csv", "json");

    @ArchTest
    static final ArchRule jdbcAdapter = adapterUsesOnly("jdbc", "json"); // the stored artifact is PredictorJson

    @ArchTest
    static final ArchRule webhookAdapter = adapterUsesOnly("webhook");

    @ArchTest
    static final ArchRule csvAdapter = adapterUsesOnly("csv", "json");

    @ArchTest
    static final ArchRule jsonAdapter = adapterUsesOnly("json");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.leadflow.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noWallClockOutsideTheCompositionRoot = noClasses()
            .that()
            .resideOutsideOfPackages("dev.leadflow.cli..", "dev.leadflow.server..")
            .should()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(Instant.class, "now")
            .orShould()
            .callMethod(InstantSource.class, "system")
            .orShould()
            .callMethod(Clock.class, "systemUTC")
            .orShould()
            .callMethod(Clock.class, "systemDefaultZone")
            .orShould()
            .callMethod(Clock.class, "system", ZoneId.class)
            .orShould()
            .callMethod(LocalDate.class, "now")
            .orShould()
            .callMethod(LocalDate.class, "now", ZoneId.class)
            .orShould()
            .callMethod(LocalDateTime.class, "now")
            .orShould()
            .callMethod(LocalDateTime.class, "now", ZoneId.class)
            .orShould()
            .callMethod(ZonedDateTime.class, "now")
            .orShould()
            .callMethod(ZonedDateTime.class, "now", ZoneId.class)
            .orShould()
            .callMethod(OffsetDateTime.class, "now")
            .orShould()
            .callMethod(OffsetDateTime.class, "now", ZoneId.class)
            .because("time is injected (InstantSource) from the composition root, so that every test sets it");
}
