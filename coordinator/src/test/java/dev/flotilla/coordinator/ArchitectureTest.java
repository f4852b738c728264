package dev.flotilla.coordinator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.flotilla.coordinator.store.Db;
import java.util.Set;

/**
 * The coordinator's layering (DESIGN §3, ADR 001), checked on its main classes so a change that
 * breaks it fails the build: the pure core ({@code plan}, {@code rollout}, {@code matrix}, {@code repair}) knows no
 * framework and no adapter; the REST API goes through the services, never to {@code store}; only
 * {@code store} holds SQL; adapters point inward; metrics are a leaf adapter that nothing calls; and
 * no two packages depend on each other.
 */
@AnalyzeClasses(packages = "dev.flotilla.coordinator", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] CORE = {
        "dev.flotilla.coordinator.plan..",
        "dev.flotilla.coordinator.rollout..",
        "dev.flotilla.coordinator.matrix..",
        "dev.flotilla.coordinator.repair.."
    };
    private static final String STORE = "dev.flotilla.coordinator.store..";
    private static final String METRICS = "dev.flotilla.coordinator.metrics..";
    private static final Set<String> SQL_CLIENT =
            Set.of("io.vertx.sqlclient", "io.vertx.mutiny.sqlclient", "io.vertx.pgclient", "io.vertx.mutiny.pgclient");

    /** The SQL client's types a statement is built or read with. */
    private static final Set<String> SQL_TYPES =
            Set.of("Row", "RowSet", "RowIterator", "Tuple", "Query", "PreparedQuery", "PreparedStatement");

    @ArchTest
    static final ArchRule coreShouldUseNoFrameworkOrPersistence = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.quarkus..",
                    "io.vertx..",
                    "org.apache.kafka..",
                    "io.smallrye..",
                    "jakarta..",
                    "javax.persistence..",
                    "org.eclipse.microprofile..",
                    "org.hibernate..",
                    "org.flywaydb..",
                    "org.jboss.resteasy..",
                    "io.micrometer..",
                    "java.sql..",
                    "javax.sql..")
            .because("the core is pure: adapters call it and it returns decisions (DESIGN §3)");

    @ArchTest
    static final ArchRule coreShouldUseNoAdapter = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.flotilla.coordinator",
                    STORE,
                    "dev.flotilla.coordinator.service..",
                    "dev.flotilla.coordinator.messaging..",
                    "dev.flotilla.coordinator.api..",
                    "dev.flotilla.coordinator.web..")
            .because("the core is pure: adapters call it and it returns decisions (DESIGN §3)");

    /** {@code plan} reads plan documents as Jackson trees; the rest of the core has no JSON. */
    @ArchTest
    static final ArchRule rolloutAndMatrixShouldUseNoJackson = noClasses()
            .that()
            .resideInAnyPackage("dev.flotilla.coordinator.rollout..", "dev.flotilla.coordinator.matrix..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.fasterxml.jackson..")
            .because("decisions work on records, not on documents");

    @ArchTest
    static final ArchRule apiShouldNotTouchTheStore = noClasses()
            .that()
            .resideInAnyPackage("dev.flotilla.coordinator.api..", "dev.flotilla.coordinator.web..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(STORE)
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage(SQL_CLIENT.stream().map(p -> p + "..").toArray(String[]::new))
            .because("the REST API and the dashboard read and act through the services, which own transactions"
                    + " (ADR 001)");

    @ArchTest
    static final ArchRule onlyTheStoreShouldRunSql = noClasses()
            .that()
            .resideOutsideOfPackage(STORE)
            .should()
            .callMethodWhere(sqlStatement())
            .because("store holds all SQL (ADR 001)");

    @ArchTest
    static final ArchRule onlyTheStoreShouldHandleRows = noClasses()
            .that()
            .resideOutsideOfPackage(STORE)
            .should()
            .dependOnClassesThat(sqlTypes())
            .because("store holds all SQL and maps its rows to records (ADR 001)");

    @ArchTest
    static final ArchRule servicesShouldNotDependOnTheirCallers = noClasses()
            .that()
            .resideInAPackage("dev.flotilla.coordinator.service..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.flotilla.coordinator.api..", "dev.flotilla.coordinator.messaging..")
            .because("REST and Kafka adapters call the services; a service reaches an adapter through an"
                    + " interface it owns (such as OutboxWakeUp)");

    @ArchTest
    static final ArchRule storeShouldDependOnNoOtherAdapter = noClasses()
            .that()
            .resideInAPackage(STORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.flotilla.coordinator.service..",
                    "dev.flotilla.coordinator.messaging..",
                    "dev.flotilla.coordinator.api..")
            .because("persistence is the bottom adapter: it maps rows to the core's and its own records");

    @ArchTest
    static final ArchRule onlyMetricsShouldUseMicrometer = noClasses()
            .that()
            .resideOutsideOfPackage(METRICS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.micrometer..")
            .because("what is measured is reported through interfaces the measured code owns (such as"
                    + " FoldListener), so it runs and is tested without a registry");

    @ArchTest
    static final ArchRule nothingShouldDependOnMetrics = noClasses()
            .that()
            .resideOutsideOfPackage(METRICS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(METRICS)
            .because("metrics are a leaf adapter: they read the store and listen to the services, and"
                    + " the container wires them in");

    @ArchTest
    static final ArchRule metricsShouldNotUseTheOtherAdapters = noClasses()
            .that()
            .resideInAPackage(METRICS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.flotilla.coordinator.api..", "dev.flotilla.coordinator.messaging..")
            .because("the gauges read the database, not the REST API or the Kafka adapter");

    @ArchTest
    static final ArchRule packagesShouldBeFreeOfCycles =
            slices().matching("dev.flotilla.coordinator.(*)..").should().beFreeOfCycles();

    /** A statement sent to PostgreSQL: the Vert.x client's query methods, or store's own helpers. */
    private static DescribedPredicate<JavaMethodCall> sqlStatement() {
        return DescribedPredicate.describe(
                "a statement run on the Vert.x SQL client or through " + Db.class.getSimpleName() + ".query", call -> {
                    String method = call.getName();
                    return SQL_CLIENT.contains(call.getTargetOwner().getPackageName())
                                    && Set.of("query", "preparedQuery", "prepare")
                                            .contains(method)
                            || call.getTargetOwner().isEquivalentTo(Db.class) && method.equals("query");
                });
    }

    private static DescribedPredicate<JavaClass> sqlTypes() {
        return DescribedPredicate.describe(
                "the SQL client's " + SQL_TYPES,
                type -> SQL_TYPES.contains(type.getSimpleName()) && SQL_CLIENT.contains(type.getPackageName()));
    }
}
