package dev.flotilla.testkit;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.testcontainers.DockerClientFactory;

/**
 * Where the tests' Kafka and PostgreSQL come from. {@code FLOTILLA_TEST_INFRA=containers} asks for
 * Testcontainers (a Kafka and a PostgreSQL container per test JVM), used when a Docker engine answers;
 * otherwise, and by default ({@code local}), the in-process KRaft broker and the PostgreSQL at
 * {@code FLOTILLA_TEST_PG} or an embedded one (DESIGN §7, §9; docs/operations.md, "Tests").
 */
public final class TestInfrastructure {

    /** The environment variable that chooses. */
    public static final String SETTING = "FLOTILLA_TEST_INFRA";

    private static final Logger LOGGER = Logger.getLogger(TestInfrastructure.class.getName());
    private static Kind chosen;

    /** Where the infrastructure comes from. */
    public enum Kind {
        /** The in-process broker, and the local (or embedded) PostgreSQL. */
        LOCAL,
        /** Testcontainers: Kafka and PostgreSQL in containers of the Docker engine. */
        CONTAINERS
    }

    private TestInfrastructure() {}

    /** This JVM's choice, made once from {@value #SETTING} and whether Docker answers. */
    public static synchronized Kind kind() {
        if (chosen == null) {
            chosen = choose(System.getenv(SETTING), TestInfrastructure::dockerAnswers);
        }
        return chosen;
    }

    /**
     * The choice for a setting: {@code containers} when Docker answers (asked only then), else local;
     * unset, empty or {@code local}: local.
     *
     * @throws IllegalArgumentException naming the allowed values for any other setting
     */
    public static Kind choose(String setting, BooleanSupplier dockerAnswers) {
        String value = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "local" -> Kind.LOCAL;
            case "containers" -> {
                if (dockerAnswers.getAsBoolean()) {
                    yield Kind.CONTAINERS;
                }
                LOGGER.warning(SETTING + "=containers but no Docker engine answers: using the in-process broker"
                        + " and the local PostgreSQL instead");
                yield Kind.LOCAL;
            }
            default ->
                throw new IllegalArgumentException(SETTING + " must be local or containers, got '" + setting + "'");
        };
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
