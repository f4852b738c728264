package dev.flotilla.coordinator.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;

/**
 * One Kafka admin client for the coordinator's questions to the broker while it runs (does a topic
 * exist, how long does it keep events), created on first use and closed at shutdown.
 */
@ApplicationScoped
public class KafkaAdmin {

    /** How long one question to the broker may take. */
    static final long TIMEOUT_SECONDS = 10;

    private final Map<String, Object> config;
    private Admin admin;

    public KafkaAdmin(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.config = KafkaClients.admin(kafka);
    }

    /**
     * Asks and waits up to {@link #TIMEOUT_SECONDS} for the answer.
     *
     * @throws ExecutionException with the broker's failure as the cause
     * @throws TimeoutException when the broker did not answer in time
     */
    <T> T ask(Function<Admin, KafkaFuture<T>> question)
            throws ExecutionException, TimeoutException, InterruptedException {
        return question.apply(admin()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(config);
        }
        return admin;
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
