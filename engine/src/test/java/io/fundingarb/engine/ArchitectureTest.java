package io.fundingarb.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.fundingarb.connectors.venue.VenueAdapter;
import io.fundingarb.connectors.venue.VenueAdapters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: codecs ← connectors ← engine; stages never see a venue; a venue's
 * classes are named only inside its package and by the adapter registry; production code reaches
 * a simulator only through a venue's adapter.
 */
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

    @Test
    void shouldNameAVenuesClassesOnlyInsideItsPackageAndTheRegistry()
    {
        assertThat(VenueAdapters.ADAPTERS).isNotEmpty();
        for (final VenueAdapter adapter : VenueAdapters.ADAPTERS)
        {
            final String venuePackage = adapter.getClass().getPackageName();
            assertThat(venuePackage).isEqualTo("io.fundingarb.connectors." + adapter.name());
            noClasses().that().resideOutsideOfPackage(venuePackage + "..")
                .and().doNotHaveFullyQualifiedName(VenueAdapters.class.getName())
                .should().dependOnClassesThat().resideInAPackage(venuePackage + "..")
                .check(classes);
        }
    }

    @Test
    void shouldKeepSimulatorsOutOfProductionCodeExceptThroughTheAdapters()
    {
        noClasses().that().resideOutsideOfPackage("..sim..")
            .and().areNotAssignableTo(VenueAdapter.class)
            .should().dependOnClassesThat().resideInAPackage("..sim..")
            .check(classes);
    }
}
