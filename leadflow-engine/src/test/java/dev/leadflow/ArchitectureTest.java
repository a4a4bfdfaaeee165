package dev.leadflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine stays pure: no I/O frameworks, no clock, no console, no package cycles. */
@AnalyzeClasses(packages = "dev.leadflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noIoFrameworks = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "java.sql..",
                    "javax.sql..",
                    "java.net..",
                    "java.net.http..",
                    "io.javalin..",
                    "org.eclipse.jetty..",
                    "jakarta.servlet..",
                    "org.apache.kafka..",
                    "picocli..",
                    "org.jdbi..",
                    "org.jooq..",
                    "com.zaxxer..",
                    "org.flywaydb..")
            .because("the engine is a pure function: storage, HTTP, Kafka and the CLI are adapters around it");

    @ArchTest
    static final ArchRule noFilesOrConsole = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.io..", "java.nio.file..")
            .orShould()
            .accessField(System.class, "out")
            .orShould()
            .accessField(System.class, "err")
            .because("the engine does no I/O; the application reads and writes files");

    @ArchTest
    static final ArchRule noClock = noClasses()
            .should()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(java.time.Instant.class, "now")
            .because("time comes from the records (and InstantSource in adapters), never from the engine");

    @ArchTest
    static final ArchRule noCycles =
            slices().matching("dev.leadflow.(*)..").should().beFreeOfCycles();
}
