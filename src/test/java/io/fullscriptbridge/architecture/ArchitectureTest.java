package io.fullscriptbridge.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package layers of docs/architecture.md, checked on the compiled classes (every reference, not only imports):
 * no cycles between packages, each layer uses only the layers below it, and the simulator stays a separate
 * application that the bridge never calls into.
 */
class ArchitectureTest {

    private static final JavaClasses BRIDGE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.fullscriptbridge");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.fullscriptbridge.(*)..").should().beFreeOfCycles().check(BRIDGE);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("application").definedBy("io.fullscriptbridge")
                .layer("ops").definedBy("io.fullscriptbridge.ops..")
                .layer("flows").definedBy("io.fullscriptbridge.events..", "io.fullscriptbridge.launch..")
                .layer("crossindex").definedBy("io.fullscriptbridge.crossindex..")
                .layer("oauth").definedBy("io.fullscriptbridge.oauth..")
                .layer("messages and api").definedBy("io.fullscriptbridge.ehr..", "io.fullscriptbridge.fullscript..")
                .layer("config").definedBy("io.fullscriptbridge.config..")
                .layer("foundation").definedBy("io.fullscriptbridge.common..", "io.fullscriptbridge.routing..")
                .whereLayer("application").mayNotBeAccessedByAnyLayer()
                .whereLayer("ops").mayOnlyBeAccessedByLayers("application")
                .whereLayer("flows").mayOnlyBeAccessedByLayers("ops", "application")
                .whereLayer("crossindex").mayOnlyBeAccessedByLayers("flows", "ops", "application")
                .whereLayer("oauth").mayOnlyBeAccessedByLayers("crossindex", "flows", "ops", "application")
                .whereLayer("messages and api").mayOnlyBeAccessedByLayers("oauth", "crossindex", "flows", "ops", "application")
                .whereLayer("config").mayOnlyBeAccessedByLayers("messages and api", "oauth", "crossindex", "flows", "ops", "application")
                .check(BRIDGE);
    }

    @Test
    void theBridgeNeverCallsIntoTheSimulatorNorTheSimulatorIntoTheBridge() {
        noClasses().that().resideOutsideOfPackage("io.fullscriptbridge.simulator..")
                .and().doNotHaveFullyQualifiedName("io.fullscriptbridge.BridgeApplication")
                // local and test profiles only: the dev connections take the embedded simulator's seeded tokens again
                // when it resets (its SimulatorReset.Done event); never active in prod
                .and().doNotHaveFullyQualifiedName("io.fullscriptbridge.oauth.DevConnectionSeeder")
                .should().dependOnClassesThat().resideInAPackage("io.fullscriptbridge.simulator..")
                .check(BRIDGE);
        noClasses().that().resideInAPackage("io.fullscriptbridge.simulator..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fullscriptbridge.common..", "io.fullscriptbridge.config..",
                        "io.fullscriptbridge.ehr..", "io.fullscriptbridge.fullscript..", "io.fullscriptbridge.oauth..",
                        "io.fullscriptbridge.crossindex..", "io.fullscriptbridge.events..", "io.fullscriptbridge.launch..",
                        "io.fullscriptbridge.ops..", "io.fullscriptbridge.routing..")
                .check(BRIDGE);
    }
}
