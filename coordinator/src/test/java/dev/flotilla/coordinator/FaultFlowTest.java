package dev.flotilla.coordinator;

import static dev.flotilla.coordinator.CoordinatorApi.await;
import static dev.flotilla.coordinator.CoordinatorApi.getJson;
import static dev.flotilla.coordinator.CoordinatorTestResources.SITE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flotilla.coordinator.TopicLog.Received;
import dev.flotilla.coordinator.service.Retention;
import dev.flotilla.coordinator.store.CoordinatorPoolCreator;
import dev.flotilla.model.catalog.Checksum;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.MessageTypes;
import dev.flotilla.model.wire.ReportInventory;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.model.wire.WireCodec;
import io.netty.channel.ConnectTimeoutException;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * rows the broker can never take, a coordinator whose own clock is far off, bookkeeping that must not
 * grow for ever, and database calls that must not wait for ever.
 */
@QuarkusTest
@WithTestResource(FaultTestResources.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultFlowTest {

    @BeforeAll
    static void authenticate() {
        TestCallers.useBootstrap();
    }

    /** Twice the producer's default {@code max.request.size} (1 MiB), well over the broker's {@code message.max.bytes}. */
    private static final int TOO_LARGE = 2 * 1024 * 1024;

    private static final String CHECKSUM_0001 =
            Checksum.of(CoordinatorTestResources.MIGRATIONS.get(0)[2]);

    @Inject
    Retention retention;

    @Inject
    Pool pool;

    @Inject
    CoordinatorPoolCreator poolCreator;

    @Inject
    io.vertx.core.Vertx vertx;

    private FakeAgent agent;
    private TopicLog commands;
    private CoordinatorDb db;
    private OutboxRows outbox;

    @BeforeAll
    void connect() {
        Config config = ConfigProvider.getConfig();
        String bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        agent = new FakeAgent(bootstrap);
        commands = new TopicLog(bootstrap, Topics.commands(SITE));
        db = CoordinatorDb.ofConfig(config);
        outbox = new OutboxRows(
                config.getValue("quarkus.datasource.reactive.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
    }

    @AfterAll
    void disconnect() {
        TestClock.reset();
        TestDatabaseClock.reset();
        agent.close();
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

    @Test
    @Order(2)
    void shouldStampAndCompareTimesOnTheDatabasesClockWhenTheCoordinatorsOwnClockIsFarOff() {
        // given the coordinator's JVM clock six hours ahead of the database's
        TestClock.advance(Duration.ofHours(6));
        Instant before = db.now();

        // when tenants register, a first wave's tenant runs and succeeds (its ten-minute soak begins),
        // and a repair is asked for
        Envelope<Inventory> limaInventory = agent.inventory("lima", SITE);
        agent.inventory("mike", SITE);
        Envelope<Inventory> novemberInventory =
                agent.inventory("november", SITE, FakeAgent.dirty("0001", "create_widgets", CHECKSUM_0001));
        await().until(() -> db.processed(limaInventory.id()) && db.processed(novemberInventory.id()));
        UUID rollout = startRollout("""
                {"target": {"version": "0001"}, "tenants": ["lima", "mike"],
                 "waves": [{"name": "a", "select": "id in (lima)", "soak": "10m"}, {"name": "b", "select": "*"}]}
                """);
        RunTenant run = await().until(
                        () -> commands.records().stream()
                                .filter(r ->
                                        "lima".equals(r.key()) && r.envelope().payload() instanceof RunTenant)
                                .map(r -> (RunTenant) r.envelope().payload())
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        Instant dispatched = db.heardAt(run.runId());
        agent.runStarted("lima", rollout, run.runId());
        agent.stepSucceeded("lima", rollout, run.runId(), "0001", CHECKSUM_0001);
        agent.runFinished("lima", rollout, run.runId(), RunOutcome.SUCCEEDED, null);
        String waveA = "select done_at from rollout_waves where position = 0 and rollout_id = ?";
        await().until(() -> db.instant(waveA, rollout) != null);
        given().contentType(ContentType.JSON)
                .body(Map.of("version", "0001", "action", "retry", "reason", "clock test"))
                .when()
                .post("/api/tenants/november/repairs")
                .then()
                .statusCode(202);
        Instant after = db.now();

        // then every time stored follows the database's clock, not the coordinator's
        Instant done = db.instant(waveA, rollout);
        assertThat(List.of(
                        dispatched,
                        db.heardAt(run.runId()),
                        db.instant(
                                "select started_at from rollout_waves where position = 0 and rollout_id = ?", rollout),
                        done,
                        db.instant(
                                "select processed_at from processed_messages where message_id = ?", limaInventory.id()),
                        db.instant("select last_inventory_at from tenants where tenant_id = ?", "lima"),
                        db.instant("select requested_at from repairs where tenant_id = ?", "november")))
                .allSatisfy(stamp -> assertThat(stamp).isBetween(before, after));
        assertThat(db.heardAt(run.runId())).isAfter(dispatched);

        // and the soak ends ten minutes after the wave was done by that same clock
        assertThat(db.instant("select wake_at from rollouts where rollout_id = ?", rollout))
                .isEqualTo(done.plus(Duration.ofMinutes(10)));
        TestClock.reset();
    }

    @Test
    @Order(3)
    void shouldForgetProcessedIdsAndDeadLettersPastTheirHorizonsButNoIdWhileItsEventMayBeOnTheTopic() {
        // given processed ids and dead letters from the tests before, and one more of each now
        Envelope<Inventory> old = agent.inventory("oscar", SITE);
        await().until(() -> db.processed(old.id()));
        long letters = db.deadLetters();
        agent.sendRaw("oscar", "{not json".getBytes(StandardCharsets.UTF_8));
        await().until(() -> db.deadLetters() == letters + 1);
        long oldIds = db.processedMessages();

        // when ten days pass: longer than the seven days configured, shorter than an event may stay on
        // the test broker's flotilla.events (retention.ms and segment.ms of seven days each, and an hour)
        TestDatabaseClock.advance(Duration.ofDays(10));
        Retention.Swept early = retention.sweep();

        // then nothing is forgotten: a replay of the topic could still deliver those events
        assertThat(early).isEqualTo(new Retention.Swept(0, 0, 0));
        assertThat(db.processed(old.id())).isTrue();

        // when a newer event is folded and five more days pass (fifteen in all, past the events' stay)
        Envelope<Inventory> recent = agent.inventory("papa", SITE);
        await().until(() -> db.processed(recent.id()));
        TestDatabaseClock.advance(Duration.ofDays(5));
        Retention.Swept swept = retention.sweep();

        // then every older id is forgotten, a batch of two at a time, and the newer id and all dead
        // letters (thirty days) are kept
        assertThat(oldIds).isGreaterThan(FaultTestResources.RETENTION_BATCH);
        assertThat(swept).isEqualTo(new Retention.Swept((int) oldIds, 0, 0));
        assertThat(db.processed(old.id())).isFalse();
        assertThat(db.processed(recent.id())).isTrue();
        assertThat(db.deadLetters()).isEqualTo(letters + 1);

        // when thirty-one days have passed since the dead letters were set aside
        TestDatabaseClock.advance(Duration.ofDays(16));
        Retention.Swept late = retention.sweep();

        // then they are deleted too, and so is the newer id, now older than the events' stay
        assertThat(late).isEqualTo(new Retention.Swept(1, (int) letters + 1, 0));
        assertThat(db.deadLetters()).isZero();
        assertThat(getJson("/api/dead-letters").getList("$")).isEmpty();
        assertThat(db.processedMessages()).isZero();
        TestDatabaseClock.reset();
    }

    @Test
    @Order(4)
    void shouldCancelALongStatementAndEndAnIdleTransactionOnTheCoordinatorsPool() {
        // when a statement on the coordinator's pool runs longer than its statement timeout (5s here)
        Throwable slow = catchThrowable(
                () -> pool.query("select pg_sleep(60)").execute().await().atMost(Duration.ofSeconds(45)));

        // then PostgreSQL cancels it
        assertThat(slow).isInstanceOf(PgException.class);
        assertThat(((PgException) slow).getSqlState()).isEqualTo("57014");

        // when a transaction on the pool is left idle
        SqlConnection connection = pool.getConnection().await().indefinitely();
        try {
            connection.begin().await().indefinitely();
            int pid = connection
                    .query("select pg_backend_pid()")
                    .execute()
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getInteger(0);

            // then PostgreSQL ends its session after the idle-in-transaction timeout (3s here)
            assertThat(db.sessionAlive(pid)).isTrue();
            await().until(() -> !db.sessionAlive(pid));
        } finally {
            connection.close().await().indefinitely();
        }
    }

    @Test
    @Order(5)
    void shouldGiveUpOpeningAConnectionAfterTheConnectTimeoutWhenTheDatabaseHostNeverAnswers() throws Exception {
        // given a database address where no connection can be opened
        try (SilentServer silent = new SilentServer()) {
            io.vertx.sqlclient.Pool unreachable = poolCreator.create(input(silent.port()));
            try {
                // when the coordinator's pool (as its creator builds it) asks for a connection there
                Throwable failure = catchThrowable(() -> unreachable
                        .getConnection()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS));

                // then it gives up after the connect timeout (2s here), not the client's default minute
                assertThat(failure).isInstanceOf(ExecutionException.class);
                assertThat(failure.getCause()).isInstanceOf(ConnectTimeoutException.class);
                assertThat(failure.getCause().getMessage())
                        .contains(FaultTestResources.CONNECT_TIMEOUT.toMillis() + " ms");
            } finally {
                unreachable.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Order(6)
    void shouldKeepTheCommandsAnAgentSetAsideOnceEachWithTheirReasonsAndOrigin() {
        // given a command an agent could not carry out, set aside as its channel's dead-letter queue
        // writes it (twice: re-delivered to a second agent of the site), and one that was not JSON
        String commandTopic = Topics.commands(SITE);
        Envelope<ReportInventory> command = Envelope.of("lima", null, Instant.now(), new ReportInventory("test"));
        ProducerRecord<String, byte[]> refused =
                setAside(commandTopic, 7, "lima", WireCodec.encode(command), "ReportInventory refused: reason is odd");
        agent.sendRecord(refused);
        agent.sendRecord(
                setAside(commandTopic, 7, "lima", WireCodec.encode(command), "ReportInventory refused: reason is odd"));
        agent.sendRecord(setAside(
                commandTopic, 8, "mike", "{oops".getBytes(StandardCharsets.UTF_8), "cannot decode the command: x"));

        // then the coordinator lists both, once each, saying an agent set them aside and why
        await().atMost(Duration.ofSeconds(30)).until(() -> fromAgents().size() == 2);
        List<Map<String, Object>> letters = fromAgents();
        assertThat(letters.get(1))
                .containsEntry("messageId", command.id().toString())
                .containsEntry("type", MessageTypes.REPORT_INVENTORY)
                .containsEntry("tenant", "lima")
                .containsEntry("topic", commandTopic)
                .containsEntry("outgoing", false)
                .containsEntry("reason", "ReportInventory refused: reason is odd");
        assertThat(letters.get(0))
                .containsEntry("messageId", null)
                .containsEntry("type", null)
                .containsEntry("tenant", "mike")
                .containsEntry("topic", commandTopic)
                .containsEntry("reason", "cannot decode the command: x");

        // and a later one still arrives, so the repeated one was skipped, not stuck
        agent.sendRecord(setAside(commandTopic, 9, "lima", new byte[0], "the record has no value"));
        await().atMost(Duration.ofSeconds(30)).until(() -> fromAgents().size() == 3);
    }

    @Test
    @Order(7)
    void shouldListAgentsWithTheirSilenceByTheDatabasesClockWhateverTheirOwnClocksSay() {
        // given a heartbeat from an agent whose clock runs an hour ahead, and one sent two minutes ago
        Instant now = Instant.now();
        agent.heartbeat("agent-ahead", "site-x", now.plus(Duration.ofHours(1)));
        agent.heartbeat("agent-quiet", "site-x", now.minus(Duration.ofMinutes(2)));

        // when the coordinator lists its agents
        await().atMost(Duration.ofSeconds(30)).until(() -> agents().size() == 2);
        List<Map<String, Object>> agents = agents();

        // then the one ahead was last seen now, not in an hour, and the quiet one two minutes ago
        Map<String, Object> ahead = agents.get(0);
        assertThat(ahead)
                .containsEntry("id", "agent-ahead")
                .containsEntry("site", "site-x")
                .containsEntry("capacity", 3)
                .containsEntry("version", "9.9")
                .containsEntry("tenants", 2);
        assertThat(((Number) ahead.get("silentForSeconds")).longValue()).isBetween(0L, 60L);
        assertThat(Instant.parse((String) ahead.get("lastSeen"))).isBefore(now.plus(Duration.ofMinutes(1)));
        assertThat(((Number) agents.get(1).get("silentForSeconds")).longValue()).isGreaterThanOrEqualTo(120L);
    }

    private static List<Map<String, Object>> agents() {
        return getJson("/api/agents").<Map<String, Object>>getList("$").stream()
                .filter(a -> "site-x".equals(a.get("site")))
                .toList();
    }

    /** A record on {@code flotilla.dead-letters} as SmallRye's dead-letter queue writes it. */
    private static ProducerRecord<String, byte[]> setAside(
            String topic, long offset, String key, byte[] value, String reason) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEAD_LETTERS, key, value);
        record.headers()
                .add(KafkaDeadLetterQueue.DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8))
                .add(KafkaDeadLetterQueue.DEAD_LETTER_TOPIC, topic.getBytes(StandardCharsets.UTF_8))
                .add(KafkaDeadLetterQueue.DEAD_LETTER_PARTITION, "0".getBytes(StandardCharsets.UTF_8))
                .add(
                        KafkaDeadLetterQueue.DEAD_LETTER_OFFSET,
                        Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static List<Map<String, Object>> fromAgents() {
        List<Map<String, Object>> letters =
                getJson("/api/dead-letters?setAsideBy=agent").getList("$");
        assertThat(letters).allSatisfy(letter -> assertThat(letter).containsEntry("setAsideBy", "agent"));
        return letters;
    }

    /** What Quarkus hands the pool creator, for a database at {@code port} of this machine. */
    private PgPoolCreator.Input input(int port) {
        PgConnectOptions options = new PgConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setDatabase("none")
                .setUser("postgres");
        PoolOptions poolOptions = new PoolOptions().setMaxSize(1);
        return new PgPoolCreator.Input() {
            @Override
            public io.vertx.core.Vertx vertx() {
                return vertx;
            }

            @Override
            public PoolOptions poolOptions() {
                return poolOptions;
            }

            @Override
            public List<PgConnectOptions> pgConnectOptionsList() {
                return List.of(options);
            }
        };
    }

    private static UUID startRollout(String plan) {
        return UUID.fromString(given().contentType(ContentType.JSON)
                .body(plan)
                .when()
                .post("/api/rollouts")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id"));
    }

    private static Envelope<ReportInventory> inventoryRequest(String tenant, String requestedBy) {
        return Envelope.of(tenant, null, Instant.now(), new ReportInventory(requestedBy));
    }
}
