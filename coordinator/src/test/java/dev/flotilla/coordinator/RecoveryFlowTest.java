package dev.flotilla.coordinator;

import static dev.flotilla.coordinator.CoordinatorApi.await;
import static dev.flotilla.coordinator.CoordinatorApi.cellStates;
import static dev.flotilla.coordinator.CoordinatorApi.getJson;
import static dev.flotilla.coordinator.CoordinatorApi.tenants;
import static dev.flotilla.coordinator.CoordinatorTestResources.SITE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.coordinator.TopicLog.Received;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.service.CatalogService;
import dev.flotilla.coordinator.service.RunSupervisor;
import dev.flotilla.coordinator.store.CatalogStore;
import dev.flotilla.coordinator.store.Leadership;
import dev.flotilla.model.catalog.Checksum;
import dev.flotilla.model.wire.AppliedMigration;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.MessageTypes;
import dev.flotilla.model.wire.ReportInventory;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * What the coordinator does when things go wrong around it: an agent that dies mid-step, commands or
 * events that get lost, tenants that need a repair, events that can never be folded, and a second
 * coordinator competing for leadership. Driven from outside, like {@link RolloutFlowTest}.
 */
@QuarkusTest
@WithTestResource(RecoveryTestResources.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecoveryFlowTest {

    @BeforeAll
    static void authenticate() {
        TestCallers.useBootstrap();
    }

    private static final String CHECKSUM_0001 =
            Checksum.of(CoordinatorTestResources.MIGRATIONS.get(0)[2]);

    @Inject
    RunSupervisor supervisor;

    @Inject
    Leadership leadership;

    @Inject
    CatalogStore catalogStore;

    @Inject
    CatalogService catalog;

    @Inject
    Vertx vertx;

    private FakeAgent agent;
    private TopicLog commands;
    private CoordinatorDb db;
    private Config config;

    @BeforeAll
    void connect() {
        config = ConfigProvider.getConfig();
        String bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        agent = new FakeAgent(bootstrap);
        commands = new TopicLog(bootstrap, Topics.commands(SITE));
        db = new CoordinatorDb(reactiveUrl(), user(), password());
    }

    @AfterAll
    void disconnect() {
        TestDatabaseClock.reset();
        agent.close();
        commands.close();
    }

    @Test
    @Order(1)
    void shouldMoveARunningCellBackToPendingWhenTheHistoryLacksItAndNoRunIsInFlight() {
        // given a step that started, and an inventory while its run is in flight
        register("echo");
        UUID rollout = startRollout("0001", "echo").rollout();
        RunTenant run = commandsFor("echo", 1).getFirst();
        agent.runStarted("echo", rollout, run.runId());
        agent.stepStarted("echo", rollout, run.runId(), "0001");
        Envelope<Inventory> duringRun = agent.inventory("echo", SITE);
        await().until(() -> db.processed(duringRun.id()));
        assertThat(cellStates("echo")).containsEntry("0001", "RUNNING");

        // when the agent aborts the run without a step outcome, then reports the tenant's history
        agent.runFinished("echo", rollout, run.runId(), RunOutcome.FAILED, "agent error: boom");
        Envelope<Inventory> afterRun = agent.inventory("echo", SITE);

        // then the history, which lacks 0001, wins
        await().until(() -> db.processed(afterRun.id()));
        assertThat(cellStates("echo")).containsEntry("0001", "PENDING");
        assertThat(db.runs(rollout).get("echo").state()).isEqualTo(RunState.FAILED);
    }

    @Test
    @Order(2)
    void shouldSendAQuietRunsCommandAgainButNotARunAnAgentReportsOn() {
        // given a dispatched run whose agent reported progress four minutes later
        register("foxtrot");
        UUID rollout = startRollout("0001", "foxtrot").rollout();
        RunTenant run = commandsFor("foxtrot", 1).getFirst();
        Instant dispatched = db.heardAt(run.runId());
        TestDatabaseClock.advance(Duration.ofMinutes(4));
        var progress = agent.stepProgress("foxtrot", rollout, run.runId(), "0001");
        await().until(() -> db.processed(progress.id()));

        // when the supervisor looks six minutes after dispatch (the run is quiet after five)
        int early = supervisor.resendQuiet(dispatched.plus(Duration.ofMinutes(6)));

        // then nothing is sent: the agent spoke two minutes ago
        assertThat(early).isZero();

        // when it looks ten minutes after dispatch, six after the agent last spoke
        int late = supervisor.resendQuiet(dispatched.plus(Duration.ofMinutes(10)));

        // then the same command goes out again, and the run says so
        assertThat(late).isEqualTo(1);
        List<RunTenant> sent = commandsFor("foxtrot", 2);
        assertThat(sent).extracting(RunTenant::runId).containsOnly(run.runId());
        assertThat(sent.get(1)).isEqualTo(run);
        CoordinatorDb.Run stored = db.runs(rollout).get("foxtrot");
        assertThat(stored.state()).isEqualTo(RunState.DISPATCHED);
        assertThat(stored.sends()).isEqualTo(2);
        assertThat(stored.message()).contains("no word from an agent at site " + SITE, "sent again");

        // and the re-sent command completes the run like the first would have
        agent.stepSucceeded("foxtrot", rollout, run.runId(), "0001", CHECKSUM_0001);
        agent.runFinished("foxtrot", rollout, run.runId(), RunOutcome.SUCCEEDED, null);
        await().until(() -> "COMPLETED".equals(rolloutState(rollout)));
        assertThat(cellStates("foxtrot")).containsEntry("0001", "APPLIED");
        TestDatabaseClock.reset();
    }

    @Test
    @Order(3)
    void shouldBlockATenantThatNeedsARepairAndRunTheOthersWhenARolloutStarts() {
        // given golf has a dirty 0001, hotel is clean
        register(
                "golf",
                new AppliedMigration("0001", "create_widgets", CHECKSUM_0001, AppliedMigration.DIRTY, Instant.now()));
        register("hotel");
        await().until(() -> "DIRTY".equals(cellStates("golf").get("0001")));

        // when
        Started started = startRollout("0002", "golf", "hotel");

        // then golf is blocked, named with its reason, and never sent a command
        assertThat(started.body().getInt("runs.blocked")).isEqualTo(1);
        assertThat(started.body().getInt("runs.dispatched")).isEqualTo(1);
        assertThat(started.body().getList("failures.tenant")).containsExactly("golf");
        assertThat(started.body().getString("failures[0].message")).contains("needs a repair", "0001 is dirty");
        assertThat(commandsFor("hotel", 1)).hasSize(1);
        assertThat(commands.readToEnd()).extracting(Received::key).doesNotContain("golf");
        assertThat(db.runs(started.rollout()).get("golf").state()).isEqualTo(RunState.BLOCKED);
    }

    @Test
    @Order(4)
    void shouldSetAsideEventsThatCanNeverBeFoldedAndFoldTheEventsBehindThem() {
        // given three events that can never be folded, all ahead of a good one on the same partition
        agent.sendRaw("india", "{not json".getBytes(StandardCharsets.UTF_8));
        agent.inventory("india", "Not A Site");
        agent.publishInventory("india", SITE, Map.of("note", "nul \u0000 inside"));

        // when
        agent.inventory("india", SITE);

        // then the good event is folded, and the others are kept with their reasons
        await().atMost(Duration.ofSeconds(60))
                .until(() -> tenants().stream().anyMatch(t -> "india".equals(t.get("id"))));
        List<Map<String, Object>> letters = getJson("/api/dead-letters").getList("$");
        assertThat(letters).hasSize(3);
        assertThat(letters)
                .extracting(l -> l.get("reason"))
                .satisfiesExactly(
                        newest -> assertThat((String) newest).startsWith("fold failed 5 times"),
                        middle -> assertThat((String) middle).contains("site id 'Not A Site'"),
                        oldest -> assertThat((String) oldest).startsWith("unreadable"));
        assertThat(letters.get(1)).containsEntry("tenant", "india").containsEntry("type", MessageTypes.INVENTORY);

        // and when india is known, a set-aside event about it asks its agent for the history instead
        agent.publishInventory("india", SITE, Map.of("note", "nul \u0000 again"));
        List<Received> requests = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> commands.records().stream()
                                .filter(r ->
                                        "india".equals(r.key()) && r.envelope().payload() instanceof ReportInventory)
                                .toList(),
                        found -> !found.isEmpty());
        assertThat(requests).singleElement().satisfies(r -> assertThat(
                        ((ReportInventory) r.envelope().payload()).requestedBy())
                .isEqualTo("dead-letter"));
    }

    @Test
    @Order(5)
    void shouldRelayCommandsOnlyFromTheLeaderWhenTwoCoordinatorsShareADatabase() throws SQLException {
        // given this coordinator leads, and a second one competes for the lock on its own connections
        await().until(leadership::isLeader);
        Pool otherPool = Pool.pool(vertx, otherConnectOptions(), new PoolOptions().setMaxSize(1));
        Leadership other = new Leadership(otherPool, Duration.ofSeconds(1));
        long firstEpoch = leadership.epoch();
        try {
            assertThat(other.check()).isFalse();
            assertThat(other.epoch()).isZero();

            // when the leader's database session dies and the other coordinator takes the lock (asking
            // every 10 ms: this coordinator asks again every check-interval, and would otherwise win
            // the lock back now and then, as it did in a CI run)
            terminateLeaderSession();
            await().pollInterval(Duration.ofMillis(10)).until(other::check);
            await().until(() -> !leadership.isLeader());
            assertThat(other.epoch()).as("a new leader raises the epoch").isGreaterThan(firstEpoch);
            long otherEpoch = other.epoch();
            register("juliet");
            UUID rollout = startRollout("0001", "juliet").rollout();

            // then no command is relayed while this coordinator does not lead
            await().during(Duration.ofSeconds(2)).until(() -> db.outboxSize() > 0);
            assertThat(db.runs(rollout).get("juliet").state()).isEqualTo(RunState.DISPATCHED);

            // when the other coordinator goes away
            other.resign();

            // then this one leads again and relays what waited
            await().until(leadership::isLeader);
            assertThat(commandsFor("juliet", 1)).hasSize(1);
            assertThat(leadership.epoch()).isGreaterThan(otherEpoch);
            assertThat(commands.records().stream()
                            .filter(r -> "juliet".equals(r.key()))
                            .map(Received::epoch))
                    .as("commands carry the epoch of the leader that relayed them")
                    .containsExactly(leadership.epoch());
            await().until(() -> db.outboxSize() == 0);
        } finally {
            other.resign();
            otherPool.close().await().indefinitely();
        }
    }

    @Test
    @Order(6)
    void shouldAskEverySiteForItsInventoriesWhenARefreshIsRequested() {
        // when
        JsonPath answer = given().when()
                .post("/api/tenants/refresh")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();

        // then every site (all tenants here live at one) gets one site-wide request, through the outbox
        assertThat(answer.getList("sites")).containsExactly(SITE);
        assertThat(Instant.parse(answer.getString("requestedAt")))
                .isBefore(Instant.now().plusSeconds(1));
        List<Received> requests = await().until(
                        () -> commands.records().stream()
                                .filter(r -> r.envelope().payload() instanceof ReportInventory
                                        && r.envelope().tenant() == null)
                                .toList(),
                        found -> !found.isEmpty());
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(SITE);
            assertThat(((ReportInventory) r.envelope().payload()).requestedBy())
                    .as("the caller who asked")
                    .isEqualTo("bootstrap");
        });
    }

    @Test
    @Order(7)
    void shouldCountEveryCellOnceInTheSummaryAfterAllTheseChanges() {
        // when
        Map<String, Map<String, Integer>> summary = new java.util.TreeMap<>();
        for (Map<String, Object> m : getJson("/api/matrix/summary").<Map<String, Object>>getList("migrations")) {
            @SuppressWarnings("unchecked")
            Map<String, Integer> counts = (Map<String, Integer>) m.get("counts");
            Map<String, Integer> nonZero = new java.util.TreeMap<>();
            counts.forEach((state, count) -> {
                if (count != 0) {
                    nonZero.put(state, count);
                }
            });
            summary.put((String) m.get("version"), nonZero);
        }

        // then the counts the database keeps match a count of the cells themselves
        assertThat(summary).isEqualTo(db.cellCountsByVersionAndState());
    }

    @Test
    @Order(8)
    void shouldKeepTheRunInFlightAndTakeTheLockHoldersOutcomeWhenASecondAgentReportsItBusy() {
        // given a run one agent started
        register("kilo");
        UUID rollout = startRollout("0001", "kilo").rollout();
        RunTenant run = commandsFor("kilo", 1).getFirst();
        agent.runStarted("kilo", rollout, run.runId());

        // when a second agent, given the same command, found the tenant locked
        Envelope<RunFinished> busy = agent.runFinished(
                "kilo", rollout, run.runId(), RunOutcome.BUSY, "busy elsewhere: another session held the lock");

        // then the run is still in flight, not failed
        await().until(() -> db.processed(busy.id()));
        assertThat(db.runs(rollout).get("kilo").state()).isEqualTo(RunState.RUNNING);

        // when the lock holder reports the run done
        agent.stepSucceeded("kilo", rollout, run.runId(), "0001", CHECKSUM_0001);
        Envelope<RunFinished> done = agent.runFinished("kilo", rollout, run.runId(), RunOutcome.SUCCEEDED, null);

        // then its outcome is the run's
        await().until(() -> db.processed(done.id()));
        assertThat(db.runs(rollout).get("kilo").state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(cellStates("kilo")).containsEntry("0001", "APPLIED");
    }

    @Test
    @Order(9)
    void shouldSetAsideATombstoneAndFoldTheEventsBehindIt() {
        // given a record with no value (a tombstone) ahead of a good event on the same partition
        int before = getJson("/api/dead-letters").getList("$").size();
        agent.sendRaw("lima", null);

        // when
        agent.inventory("lima", SITE);

        // then the good event is folded, and the tombstone is kept with its reason
        await().atMost(Duration.ofSeconds(60))
                .until(() -> tenants().stream().anyMatch(t -> "lima".equals(t.get("id"))));
        List<Map<String, Object>> letters = getJson("/api/dead-letters").getList("$");
        assertThat(letters).hasSize(before + 1);
        assertThat((String) letters.getFirst().get("reason")).contains("no value");
    }

    @Test
    @Order(10)
    void shouldSyncTheCatalogWhenAnotherCoordinatorStartingTogetherSyncsItAtTheSameTime() throws Exception {
        // given another coordinator starting: its catalog sync holds the sync lock and has replaced the
        // catalog's rows, not committed yet
        List<String> versions = migrationVersions();
        try (Connection other = DriverManager.getConnection("jdbc:" + reactiveUrl(), user(), password());
                var s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("select pg_advisory_xact_lock(" + CatalogStore.SYNC_LOCK_KEY + ")");
            s.execute("create temp table synced on commit drop as select * from migrations");
            s.execute("delete from migrations");
            s.execute("insert into migrations select * from synced");

            // when this coordinator syncs the same catalog meanwhile, waiting for the other's transaction
            CompletableFuture<Void> sync = CompletableFuture.runAsync(() -> catalogStore.sync(catalog.catalog()));
            await().until(() -> sync.isDone() || waitingForALock());
            other.commit();

            // then its sync succeeds once the other's committed, and the catalog is stored once
            sync.get(30, TimeUnit.SECONDS);
        }
        assertThat(migrationVersions()).isEqualTo(versions);
    }

    // --- helpers ---

    private record Started(UUID rollout, JsonPath body) {}

    private void register(String tenant, AppliedMigration... applied) {
        Envelope<Inventory> inventory = agent.inventory(tenant, SITE, applied);
        await().until(() -> db.processed(inventory.id()));
    }

    private static Started startRollout(String version, String... tenants) {
        String list = String.join("\", \"", tenants);
        JsonPath body = given().contentType(ContentType.JSON)
                .body("{\"target\": {\"version\": \"" + version + "\"}, \"tenants\": [\"" + list + "\"]}")
                .when()
                .post("/api/rollouts")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Started(UUID.fromString(body.getString("id")), body);
    }

    private static String rolloutState(UUID rollout) {
        return getJson("/api/rollouts/" + rollout).getString("state");
    }

    /** The run commands sent for the tenant, once there are {@code count} of them. */
    private List<RunTenant> commandsFor(String tenant, int count) {
        return await().until(
                        () -> commands.records().stream()
                                .filter(r ->
                                        tenant.equals(r.key()) && r.envelope().payload() instanceof RunTenant)
                                .map(r -> (RunTenant) r.envelope().payload())
                                .toList(),
                        sent -> sent.size() >= count);
    }

    private void terminateLeaderSession() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:" + reactiveUrl(), user(), password());
                var s = c.createStatement()) {
            s.execute("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted"
                    + " and database = (select oid from pg_database where datname = current_database())");
        }
    }

    private List<String> migrationVersions() throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:" + reactiveUrl(), user(), password());
                var s = c.createStatement();
                var rs = s.executeQuery("select version from migrations order by position")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    /** Whether a session of this database other than the asking one waits for a lock. */
    private boolean waitingForALock() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:" + reactiveUrl(), user(), password());
                var s = c.createStatement();
                var rs = s.executeQuery("select count(*) from pg_stat_activity where datname = current_database()"
                        + " and wait_event_type = 'Lock' and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private PgConnectOptions otherConnectOptions() {
        return PgConnectOptions.fromUri(reactiveUrl()).setUser(user()).setPassword(password());
    }

    private String reactiveUrl() {
        return config.getValue("quarkus.datasource.reactive.url", String.class);
    }

    private String user() {
        return config.getValue("quarkus.datasource.username", String.class);
    }

    private String password() {
        return config.getOptionalValue("quarkus.datasource.password", String.class)
                .orElse("");
    }
}
