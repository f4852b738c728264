package dev.flotilla.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The agent's layering (DESIGN §3), checked on its main classes so a change that breaks it fails the
 * build. Dependencies point one way: {@code messaging} (commands in, events and heartbeats out) →
 * {@code apply} (work done for a tenant: steps, inventory reports) → {@code history} (the history
 * table) → {@code tenants} (where tenants live). Only {@code messaging} knows Kafka; the rest reach
 * it through {@code apply.EventSink}, and only the composition root ({@code dev.flotilla.agent})
 * wires {@code messaging} in. {@code metrics} is a leaf adapter nothing depends on: it decorates the
 * event sink and implements the listeners {@code apply} owns.
 */
@AnalyzeClasses(packages = "dev.flotilla.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String MESSAGING = "dev.flotilla.agent.messaging..";
    private static final String METRICS = "dev.flotilla.agent.metrics..";

    @ArchTest
    static final ArchRule onlyMessagingShouldUseKafka = noClasses()
            .that()
            .resideOutsideOfPackage(MESSAGING)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.apache.kafka..",
                    "io.smallrye.reactive.messaging..",
                    "org.eclipse.microprofile.reactive.messaging..")
            .because("steps and inventories are sent through EventSink, so they run and are tested without a broker");

    @ArchTest
    static final ArchRule onlyTheCompositionRootShouldUseMessaging = noClasses()
            .that()
            .resideOutsideOfPackages("dev.flotilla.agent", MESSAGING)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(MESSAGING)
            .because("messaging is the Kafka adapter: it calls the agent's work, never the reverse");

    @ArchTest
    static final ArchRule messagingShouldNotTouchTenantDatabases = noClasses()
            .that()
            .resideInAPackage(MESSAGING)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.vertx.sqlclient..",
                    "io.vertx.mutiny.sqlclient..",
                    "io.vertx.pgclient..",
                    "io.vertx.mutiny.pgclient..")
            .because("tenant databases are reached only through the pools of tenants, by apply and history");

    @ArchTest
    static final ArchRule historyShouldNotDependOnTheWorkThatUsesIt = noClasses()
            .that()
            .resideInAPackage("dev.flotilla.agent.history..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.flotilla.agent.apply..", MESSAGING)
            .because("the history table is below the steps and reports that record and read it");

    @ArchTest
    static final ArchRule tenantsShouldDependOnNoOtherAgentPackage = noClasses()
            .that()
            .resideInAPackage("dev.flotilla.agent.tenants..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.flotilla.agent.history..", "dev.flotilla.agent.apply..", MESSAGING)
            .because("the tenant directory is the bottom layer every other one looks tenants up in");

    @ArchTest
    static final ArchRule onlyMetricsShouldUseMicrometer = noClasses()
            .that()
            .resideOutsideOfPackage(METRICS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.micrometer..")
            .because("steps report what they did through EventSink and BatchListener, so they run and are"
                    + " tested without a registry");

    @ArchTest
    static final ArchRule nothingShouldDependOnMetrics = noClasses()
            .that()
            .resideOutsideOfPackage(METRICS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(METRICS)
            .because("metrics are a leaf adapter that the container wires in");

    @ArchTest
    static final ArchRule packagesShouldBeFreeOfCycles =
            slices().matching("dev.flotilla.agent.(*)..").should().beFreeOfCycles();
}
