package dev.leadflow.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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

/**
 * The application's layering (docs/ARCHITECTURE.md): the wall clock is read only where the server
 * is wired (the CLI's commands and {@code server}); everything else is handed an
 * {@code InstantSource}, so that tests set the time.
 */
@AnalyzeClasses(packages = "dev.leadflow", importOptions = ImportOption.DoNotIncludeTests.class)
class AppArchitectureTest {

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
