package dev.flotilla.coordinator.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The settings of the coordinator's own Kafka admin clients: every {@code kafka.*} property an admin
 * client knows (bootstrap servers, {@code security.protocol}, {@code sasl.*}, {@code ssl.*}), as the
 * channels get them, so SASL and TLS apply to topic creation too. Pure.
 */
final class KafkaClients {

    private static final Set<String> ADMIN = AdminClientConfig.configNames();

    private KafkaClients() {}

    /** @param kafka the {@code kafka.*} properties without their prefix (Quarkus' {@code default-kafka-broker}) */
    static Map<String, Object> admin(Map<String, Object> kafka) {
        Map<String, Object> admin = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (ADMIN.contains(key)) {
                admin.put(key, value);
            }
        });
        return admin;
    }
}
