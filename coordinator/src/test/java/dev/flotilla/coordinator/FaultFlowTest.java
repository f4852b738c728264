package dev.flotilla.coordinator;

import static dev.flotilla.coordinator.CoordinatorApi.await;
import static dev.flotilla.coordinator.CoordinatorApi.getJson;
import static dev.flotilla.coordinator.CoordinatorTestResources.SITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.coordinator.TopicLog.Received;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.MessageTypes;
import dev.flotilla.model.wire.ReportInventory;
import dev.flotilla.model.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The coordinator's own faults, each driven from outside on a real broker and a real database: outbox
 * rows the broker can never take.
 */
@QuarkusTest
@WithTestResource(FaultTestResources.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultFlowTest {

    /** Twice the producer's default {@code max.request.size} (1 MiB), well over the broker's {@code message.max.bytes}. */
    private static final int TOO_LARGE = 2 * 1024 * 1024;

    private TopicLog commands;
    private CoordinatorDb db;
    private OutboxRows outbox;

    @BeforeAll
    void connect() {
        Config config = ConfigProvider.getConfig();
        commands = new TopicLog(config.getValue("kafka.bootstrap.servers", String.class), Topics.commands(SITE));
        db = CoordinatorDb.ofConfig(config);
        outbox = new OutboxRows(
                config.getValue("quarkus.datasource.reactive.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
    }

    @AfterAll
    void disconnect() {
        commands.close();
    }

    @Test
    @Order(1)
    void shouldSetAsideOutboxRowsTheBrokerCanNeverTakeAndRelayTheRowsBehindThem() {
        // given, in the outbox in this order: a command larger than the broker takes, one for a topic
        // that cannot exist, and three ordinary ones for the same tenant
        String commandTopic = Topics.commands(SITE);
        String noSuchTopic = Topics.COMMANDS_PREFIX + "no such site";
        List<UUID> ids = outbox.append(List.of(
                new OutboxRows.Row(commandTopic, "kilo", inventoryRequest("kilo", "x".repeat(TOO_LARGE))),
                new OutboxRows.Row(noSuchTopic, "kilo", inventoryRequest("kilo", "lost")),
                new OutboxRows.Row(commandTopic, "kilo", inventoryRequest("kilo", "first")),
                new OutboxRows.Row(commandTopic, "kilo", inventoryRequest("kilo", "second")),
                new OutboxRows.Row(commandTopic, "kilo", inventoryRequest("kilo", "third"))));

        // when the relay has dealt with them
        await().atMost(Duration.ofSeconds(60)).until(() -> db.outboxSize() == 0);

        // then the three ordinary commands arrived once each, in order, and the two others never did
        List<UUID> arrived = commands.readToEnd().stream()
                .map(Received::envelope)
                .map(Envelope::id)
                .filter(ids::contains)
                .toList();
        assertThat(arrived).containsExactly(ids.get(2), ids.get(3), ids.get(4));

        // and the coordinator lists the two it could never send, with their reasons
        List<Map<String, Object>> unsent = getJson("/api/dead-letters").<Map<String, Object>>getList("$").stream()
                .filter(letter -> Boolean.TRUE.equals(letter.get("outgoing")))
                .toList();
        assertThat(unsent).hasSize(2);
        Map<String, Object> lost = unsent.get(0);
        Map<String, Object> large = unsent.get(1);
        assertThat(large)
                .containsEntry("messageId", ids.get(0).toString())
                .containsEntry("type", MessageTypes.REPORT_INVENTORY)
                .containsEntry("tenant", "kilo")
                .containsEntry("topic", commandTopic);
        assertThat((String) large.get("reason")).startsWith("RecordTooLargeException");
        assertThat(lost).containsEntry("messageId", ids.get(1).toString()).containsEntry("topic", noSuchTopic);
        assertThat((String) lost.get("reason"))
                .startsWith("topic " + noSuchTopic + " does not exist and cannot be created");
    }

    private static Envelope<ReportInventory> inventoryRequest(String tenant, String requestedBy) {
        return Envelope.of(tenant, null, Instant.now(), new ReportInventory(requestedBy));
    }
}
