package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.model.wire.PlanSignature;
import dev.flotilla.testkit.Fleet;
import dev.flotilla.testkit.PgServer;
import dev.flotilla.testkit.PlanKeys;
import dev.flotilla.testkit.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The whole system as an operator runs it: a broker, the packaged coordinator (or several, sharing
 * its database, one leading) and one agent per site as separate processes, a coordinator database and
 * a fleet database of tenant schemas. Closing it stops every process and drops both databases.
 */
final class TestSystem implements AutoCloseable {

    /** The coordinators' signing key, with which a test signs what it publishes as a coordinator would. */
    PrivateKey signingKey() throws IOException {
        return PlanSignature.privateKey(Files.readString(keys.privateKey()));
    }

    /** The service name of the coordinator of {@link #coordinator(Path, Map)}. */
    static final String COORDINATOR = "coordinator";

    /**
     * Coordinator settings for fault tests: its consumers leave their groups after 6 s of silence (the
     * broker's minimum) instead of 45 s, so a killed coordinator's partitions and group free up soon.
     */
    static final Map<String, String> QUICK_COORDINATOR_GROUPS = Map.of(
            "mp.messaging.incoming.events.session.timeout.ms", "6000",
            "mp.messaging.incoming.events.heartbeat.interval.ms", "1000",
            "mp.messaging.incoming.agents.session.timeout.ms", "6000",
            "mp.messaging.incoming.agents.heartbeat.interval.ms", "1000");

    /** Agent settings for fault tests: its command consumer leaves its group after 6 s of silence. */
    static final Map<String, String> QUICK_AGENT_GROUP = Map.of(
            "mp.messaging.incoming.commands.session.timeout.ms", "6000",
            "mp.messaging.incoming.commands.heartbeat.interval.ms", "1000");

    private final Broker broker;
    private final PgServer pg;
    private final String coordinatorDb;
    private final String fleetDb;
    private final PlanKeys keys;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** Each coordinator's API by its service name, in start order. */
    private final Map<String, Api> apis = new LinkedHashMap<>();

    private TestSystem(String name, Broker broker) throws Exception {
        this.broker = broker;
        pg = TestPostgres.server();
        coordinatorDb = pg.createDatabase("ft_" + name + "_coord");
        fleetDb = pg.createDatabase("ft_" + name + "_fleet");
        keys = PlanKeys.create();
    }

    /** Starts the broker and the databases; {@link #coordinator} and {@link #agent} start the services. */
    static TestSystem create(String name) throws Exception {
        return create(name, Broker.inProcess());
    }

    /**
     * The databases over {@code broker}, which the system owns from now on: it closes it, also when the
     * databases cannot be created.
     */
    static TestSystem create(String name, Broker broker) throws Exception {
        try {
            return new TestSystem(name, broker);
        } catch (Exception | Error e) {
            try {
                broker.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    PgServer pg() {
        return pg;
    }

    String fleetDb() {
        return fleetDb;
    }

    /**
     * The API of the first started coordinator that is running, as a load balancer in front of several
     * would pick one (any coordinator serves the API); while none runs, the first one's. Null before a
     * coordinator was started.
     */
    Api api() {
        return apis.entrySet().stream()
                .filter(e -> services.get(e.getKey()).alive())
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseGet(() -> apis.values().stream().findFirst().orElse(null));
    }

    /** The API of the coordinator named {@code name}. */
    Api api(String name) {
        Api api = apis.get(name);
        if (api == null) {
            throw new IllegalArgumentException("no coordinator " + name + " among " + apis.keySet());
        }
        return api;
    }

    /** The coordinators' processes, in start order. */
    List<ServiceProcess> coordinators() {
        return apis.keySet().stream().map(services::get).toList();
    }

    /** Runs {@code statements} in the fleet database. */
    void fleetSql(String statements) throws SQLException {
        try (Connection c = pg.connect(fleetDb);
                Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    TestSystem coordinator(Path migrations) throws Exception {
        return coordinator(migrations, Map.of());
    }

    /**
     * The coordinator, named {@value #COORDINATOR}, over {@code migrations}; {@code extra} adds or
     * overrides its settings.
     */
    TestSystem coordinator(Path migrations, Map<String, String> extra) throws Exception {
        return coordinator(COORDINATOR, migrations, extra);
    }

    /**
     * A coordinator named {@code name} (its process and log) over {@code migrations}, on its own HTTP
     * port; {@code extra} adds or overrides its settings. Every coordinator of the system shares its
     * coordinator database, so the second one started stands by while the first leads.
     */
    TestSystem coordinator(String name, Path migrations, Map<String, String> extra) throws Exception {
        int port = ServiceProcess.freePort();
        Map<String, String> settings = new HashMap<>(pg.datasourceSettings(coordinatorDb));
        settings.putAll(Map.of(
                "quarkus.http.port", Integer.toString(port),
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "flotilla.migrations.dir", migrations.toAbsolutePath().toString(),
                "flotilla.plans.signing-key", keys.privateKey().toString(),
                "flotilla.auth.bootstrap-token", Api.BOOTSTRAP));
        settings.putAll(extra);
        add(ServiceProcess.start(name, "coordinator", settings));
        apis.put(name, new Api(port));
        return this;
    }

    /** An agent for {@code site} serving {@code tenants}; {@code extra} adds or overrides its settings. */
    TestSystem agent(String site, List<String> tenants, Map<String, String> extra) throws Exception {
        return agent("agent-" + site, site, tenants, extra);
    }

    /**
     * An agent named {@code id} (its process, log and {@code flotilla.agent.id}) for {@code site}
     * serving {@code tenants}; several agents of one site share its consumer group.
     */
    TestSystem agent(String id, String site, List<String> tenants, Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "quarkus.http.port", Integer.toString(ServiceProcess.freePort()),
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "flotilla.agent.id", id,
                "flotilla.agent.site", site,
                "flotilla.agent.capacity", "4",
                "flotilla.agent.tenants.database", fleetDb,
                "flotilla.agent.tenants.schemas", String.join(",", tenants),
                "flotilla.agent.postgres.host", pg.host(),
                "flotilla.agent.postgres.port", Integer.toString(pg.port()),
                "flotilla.agent.postgres.user", pg.user()));
        settings.put("flotilla.agent.trusted-plan-key", keys.publicKey().toString());
        settings.putAll(extra);
        add(ServiceProcess.start(id, "worker-agent", settings));
        return this;
    }

    private void add(ServiceProcess service) {
        if (services.putIfAbsent(service.name(), service) != null) {
            throw new IllegalArgumentException("two services named " + service.name());
        }
    }

    /** The service process named {@code name}: a coordinator's name, or an agent's id. */
    ServiceProcess service(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " among " + services.keySet());
        }
        return service;
    }

    /**
     * Kills {@code name} with SIGKILL, then starts it again with the same configuration and waits until
     * it is ready; {@code whileDown} runs between the two (nothing, or what a test does meanwhile).
     */
    void crashAndRestart(String name, ThrowingRunnable whileDown) throws Exception {
        ServiceProcess service = service(name);
        service.kill();
        try {
            whileDown.run();
        } finally {
            // restarted even when an assertion made while it was down failed, so the scenarios after
            // this one find the system whole
            service.restart();
            service.awaitReady();
        }
    }

    /** What a test does while a service is down. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Two sites: an agent at site-a for the odd tenants of {@code tenants} (tenant_0001, tenant_0003,
     * …), one at site-b for the even ones; {@code settings} gives a tenant's own agent settings (its
     * labels), by its number.
     */
    TestSystem twoSites(List<String> tenants, IntFunction<Map<String, String>> settings) throws Exception {
        for (String site : List.of("site-a", "site-b")) {
            List<String> mine = new ArrayList<>();
            Map<String, String> extra = new HashMap<>();
            for (int i = 1; i <= tenants.size(); i++) {
                if ((i % 2 == 1) == site.equals("site-a")) {
                    mine.add(tenants.get(i - 1));
                    extra.putAll(settings.apply(i));
                }
            }
            agent(site, mine, extra);
        }
        return this;
    }

    /**
     * A ready system named {@code name} over the catalog {@code migrations}: {@code tenants} tenant
     * schemas, the coordinator, and an agent at each of two sites ({@link #twoSites}).
     */
    static TestSystem startTwoSites(
            String name, int tenants, Path migrations, IntFunction<Map<String, String>> settings) throws Exception {
        TestSystem system = create(name);
        List<String> ids = Fleet.createSchemas(system.pg, system.fleetDb, tenants);
        system.coordinator(migrations).twoSites(ids, settings).awaitReady(tenants);
        return system;
    }

    /** Waits until every coordinator's API answers and the agents reported {@code tenants} tenants. */
    void awaitReady(int tenants) {
        apis.forEach((name, api) -> await(name + " API")
                .atMost(Duration.ofMinutes(2))
                .until(() -> {
                    assertAlive();
                    return api.up();
                }));
        await("all tenants registered")
                .atMost(Duration.ofMinutes(2))
                .until(() -> api().get("/api/tenants").size() == tenants);
    }

    /**
     * Starts a rollout of {@code tenants} (by number, as {@link Fleet#tenantId} names them) to {@code
     * version}, {@code maxParallel} at a time; returns its id.
     */
    String startRollout(List<Integer> tenants, String version, int maxParallel)
            throws IOException, InterruptedException {
        String ids = String.join(
                ",", tenants.stream().map(i -> "\"" + Fleet.tenantId(i) + "\"").toList());
        return api().post(
                        "/api/rollouts",
                        "{\"target\": {\"version\": \"" + version + "\"}, \"tenants\": [" + ids + "],"
                                + " \"maxParallel\": " + maxParallel + "}",
                        201)
                .get("id")
                .asText();
    }

    /** Rolls {@code tenants} out to {@code version} and waits for it; returns the rollout's final state. */
    String rollOut(List<Integer> tenants, String version, int maxParallel) throws IOException, InterruptedException {
        return awaitStopped(startRollout(tenants, version, maxParallel))
                .get("state")
                .asText();
    }

    /** Each of {@code tenants}' schema shape now, by tenant id. */
    Map<String, Set<String>> shapes(List<Integer> tenants) throws SQLException {
        Map<String, Set<String>> shapes = new HashMap<>();
        try (Connection c = pg.connect(fleetDb)) {
            for (int i : tenants) {
                shapes.put(Fleet.tenantId(i), SchemaShape.of(c, Fleet.tenantId(i)));
            }
        }
        return shapes;
    }

    /** Each of {@code tenants}' history rows now, oldest first, by tenant id. */
    Map<String, List<TenantHistory.Row>> histories(List<Integer> tenants) throws SQLException {
        Map<String, List<TenantHistory.Row>> histories = new HashMap<>();
        try (Connection c = pg.connect(fleetDb)) {
            for (int i : tenants) {
                histories.put(Fleet.tenantId(i), TenantHistory.rows(c, Fleet.tenantId(i)));
            }
        }
        return histories;
    }

    /**
     * Polls rollout {@code id} until {@code condition} holds, failing at once when a process died;
     * returns the rollout as {@code GET /api/rollouts/{id}} showed it then.
     */
    JsonNode awaitRollout(String id, String what, Predicate<JsonNode> condition) {
        JsonNode[] seen = new JsonNode[1];
        await(what)
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    assertAlive();
                    seen[0] = api().get("/api/rollouts/" + id);
                    return condition.test(seen[0]);
                });
        return seen[0];
    }

    /**
     * Waits until rollout {@code id} stops running (completed, halted, paused, cancelled) and none of
     * its runs is in flight; returns it as {@code GET /api/rollouts/{id}} shows it then.
     */
    JsonNode awaitStopped(String id) throws IOException, InterruptedException {
        await("rollout " + id + " stopped")
                .atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    assertAlive();
                    JsonNode rollout = api().get("/api/rollouts/" + id);
                    JsonNode runs = rollout.get("runs");
                    return !rollout.get("state").asText().equals("RUNNING")
                            && runs.get("dispatched").asInt()
                                            + runs.get("running").asInt()
                                    == 0;
                });
        return api().get("/api/rollouts/" + id);
    }

    void assertAlive() {
        services.values()
                .forEach(s -> assertThat(s.asExpected()).as(s.describe()).isTrue());
    }

    /** Stops every process, then the broker, and drops the databases; one failing step stops no other. */
    @Override
    public void close() throws Exception {
        List<AutoCloseable> steps = new ArrayList<>(services.values());
        steps.add(broker);
        steps.add(() -> pg.dropDatabase(coordinatorDb));
        steps.add(() -> pg.dropDatabase(fleetDb));
        steps.add(keys);
        Exception failure = null;
        for (AutoCloseable step : steps) {
            try {
                step.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
