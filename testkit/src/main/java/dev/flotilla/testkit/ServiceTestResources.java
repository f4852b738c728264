package dev.flotilla.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real infrastructure for one Quarkus service's integration tests: an in-process Kafka broker with the
 * service's topics, a fresh PostgreSQL database and a plan-signing key pair, all removed in
 * {@link #stop()}, also after a failed start. The settings every service's tests share (the broker, a
 * random HTTP port, Kafka's logs at WARN) are set here; a subclass prepares the database and adds its
 * service's own settings in {@link #configure}.
 */
public abstract class ServiceTestResources implements QuarkusTestResourceLifecycleManager {

    private static final int PARTITIONS = 4;
    private static final List<String> QUIET_LOGS =
            List.of("org.apache.kafka", "kafka", "io.smallrye.reactive.messaging.kafka");

    private final String databasePrefix;
    private KafkaBroker broker;
    private PgServer postgres;
    private String database;
    private PlanKeys keys;

    /** @param databasePrefix the start of the test database's name, which ends with a random suffix */
    protected ServiceTestResources(String databasePrefix) {
        this.databasePrefix = databasePrefix;
    }

    /** The topics to create, {@value #PARTITIONS} partitions each, before the service starts. */
    protected abstract Collection<String> topics();

    /** Prepares the database and adds the service's own settings to {@code config}. */
    protected abstract void configure(Map<String, String> config);

    /** Removes what {@link #configure} made outside the database; may run after a partial configure. */
    protected void cleanUp() {}

    @Override
    public final Map<String, String> start() {
        try {
            broker = KafkaBroker.start();
            broker.createTopics(topics(), PARTITIONS);
            postgres = TestPostgres.server();
            database = postgres.createDatabase(databasePrefix);
            keys = PlanKeys.create();
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", broker.bootstrapServers());
            config.put("quarkus.http.test-port", "0");
            QUIET_LOGS.forEach(category -> config.put("quarkus.log.category.\"" + category + "\".level", "WARN"));
            configure(config);
            return config;
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public final void stop() {
        try {
            if (database != null) {
                postgres.dropDatabase(database);
                database = null;
            }
        } finally {
            try {
                if (broker != null) {
                    broker.close();
                    broker = null;
                }
            } finally {
                try {
                    cleanUp();
                } finally {
                    if (keys != null) {
                        keys.close();
                        keys = null;
                    }
                }
            }
        }
    }

    protected final PgServer postgres() {
        return postgres;
    }

    /** The name of the test database, on {@link #postgres()}. */
    protected final String database() {
        return database;
    }

    protected final PlanKeys keys() {
        return keys;
    }
}
