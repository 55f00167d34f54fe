package io.fundingarb.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dependencies point one way: codecs ← connectors ← engine; stages never see a venue. */
class ArchitectureTest
{
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses()
    {
        classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.fundingarb");
    }

    @Test
    void shouldKeepCodecsFreeOfConnectorsAndEngine()
    {
        noClasses().that().resideInAPackage("io.fundingarb.codecs..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fundingarb.connectors..", "io.fundingarb.engine..")
            .check(classes);
    }

    @Test
    void shouldKeepConnectorsFreeOfEngine()
    {
        noClasses().that().resideInAPackage("io.fundingarb.connectors..")
            .should().dependOnClassesThat().resideInAPackage("io.fundingarb.engine..")
            .check(classes);
    }

    @Test
    void shouldKeepStagesAndRingsFreeOfVenues()
    {
        noClasses().that().resideInAnyPackage("io.fundingarb.engine.stage..", "io.fundingarb.engine.ring..", "io.fundingarb.engine.pipeline..", "io.fundingarb.engine.journal..", "io.fundingarb.engine.replay..")
            .should().dependOnClassesThat().resideInAPackage("io.fundingarb.connectors..")
            .check(classes);
    }

    @Test
    void shouldKeepStagesOffTheClock()
    {
        noClasses().that().resideInAPackage("io.fundingarb.engine.stage..")
            .should().callMethod(System.class, "nanoTime")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
            .orShould().dependOnClassesThat().resideInAPackage("org.slf4j..")
            .check(classes);
    }
}
