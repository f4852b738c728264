package dev.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.model.catalog.Catalog;
import dev.flotilla.model.catalog.CatalogReader;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.testkit.Fleet;
import dev.flotilla.testkit.PgServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system as an operator runs it: a broker, the packaged coordinator and two agents (two
 * sites) as separate processes, and 100 tenant schemas. In order: the fleet goes to {@value #BASE};
 * a rollout to the latest version must leave each tenant's history table, its actual schema and the
 * coordinator's matrix in agreement; rolling that rollout back (a concurrent index, a backfilled
 * column among its steps) must give every tenant exactly the schema it had at {@value #BASE}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetRolloutIT {

    private static final int TENANTS = 100;
    private static final String BASE = "0004";
    private static final Path MIGRATIONS =
            Path.of(System.getProperty("flotilla.root", "..")).resolve("migrations");

    private static final Map<String, String> JSON_LOGS = Map.of("quarkus.log.console.json.enabled", "true");
    /**
     * The tenants' database password the agents are given, a marker no other text holds (the test
     * server trusts local connections, so any password gets in).
     */
    private static final String TENANT_PASSWORD = "tenant-pw-" + UUID.randomUUID();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static TestSystem system;
    private static PgServer pg;
    private static String fleetDb;
    private static Api api;
    private static Catalog catalog;
    private static String latestRollout;
    private static final Map<String, Set<String>> atBase = new HashMap<>();

    @BeforeAll
    static void startSystem() throws Exception {
        catalog = CatalogReader.read(MIGRATIONS);
        system = TestSystem.create("e2e");
        pg = system.pg();
        fleetDb = system.fleetDb();
        List<String> tenants = Fleet.createSchemas(pg, fleetDb, TENANTS);
        // every service logs as JSON here, as an operator shipping logs to a search engine runs them
        system.coordinator(MIGRATIONS, JSON_LOGS);
        Map<String, String> agents = new HashMap<>(JSON_LOGS);
        agents.put("flotilla.agent.postgres.password", TENANT_PASSWORD);
        system.twoSites(tenants, i -> agents);
        system.awaitReady(TENANTS);
        api = system.api();
    }

    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void shouldBringEveryTenantToTheBaseVersionWhenRolledOut() throws Exception {
        String id = api.post(
                        "/api/rollouts",
                        "{\"target\":{\"version\":\"" + BASE + "\"},\"tenants\":\"all\",\"maxParallel\":8}",
                        201)
                .get("id")
                .asText();
        JsonNode rollout = system.awaitStopped(id);

        assertThat(rollout.get("state").asText()).as(rollout.toString()).isEqualTo("COMPLETED");
        try (Connection c = pg.connect(fleetDb)) {
            for (int i = 1; i <= TENANTS; i++) {
                atBase.put(Fleet.tenantId(i), SchemaShape.of(c, Fleet.tenantId(i)));
            }
        }
        assertThat(atBase.get(Fleet.tenantId(1))).contains("table accounts", "table users", "table projects");
    }

    @Test
    @Order(2)
    void shouldBringEveryTenantToTheLatestVersionWhenRolledOutAcrossTwoSites() throws Exception {
        String latest = catalog.latest().orElseThrow().text();

        latestRollout = api.post(
                        "/api/rollouts",
                        "{\"target\":{\"version\":\"" + latest + "\"},\"tenants\":\"all\",\"maxParallel\":8}",
                        201)
                .get("id")
                .asText();
        JsonNode rollout = system.awaitStopped(latestRollout);

        assertThat(rollout.get("state").asText()).as(rollout.toString()).isEqualTo("COMPLETED");
        assertThat(rollout.get("runs").get("succeeded").asInt()).isEqualTo(TENANTS);
        assertEveryHistoryTableHasTheCatalog();
        assertEveryTenantSchemaIsTheSame();
        assertMatrixAgrees(latest);
    }

    @Test
    @Order(3)
    void shouldGiveEveryTenantBackItsSchemaWhenTheRolloutIsRolledBack() throws Exception {
        String id = api.post("/api/rollouts/" + latestRollout + "/rollback", "{}", 201)
                .get("id")
                .asText();
        JsonNode rollback = system.awaitStopped(id);

        assertThat(rollback.get("state").asText()).as(rollback.toString()).isEqualTo("COMPLETED");
        assertThat(rollback.get("direction").asText()).isEqualTo("down");
        assertThat(rollback.get("runs").get("succeeded").asInt()).isEqualTo(TENANTS);
        try (Connection c = pg.connect(fleetDb)) {
            for (int i = 1; i <= TENANTS; i++) {
                String tenant = Fleet.tenantId(i);
                assertThat(SchemaShape.of(c, tenant)).as(tenant).isEqualTo(atBase.get(tenant));
                assertThat(TenantHistory.latestDirections(c, tenant))
                        .as("%s: the rolled-back steps are reversed, the earlier ones stay", tenant)
                        .isEqualTo(expectedDirections());
            }
        }
        await("matrix settled").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (JsonNode tenant : api.get("/api/tenants")) {
                assertThat(tenant.get("currentVersion").asText())
                        .as(tenant.toString())
                        .isEqualTo(BASE);
            }
        });
    }

    @Test
    @Order(4)
    void shouldLogEveryLineAboutARunAsJsonWithItsTenantRolloutAndRun() throws Exception {
        // given the rollout to the latest version, logged by the services as JSON (one object a line)
        UUID rollout = UUID.fromString(latestRollout);

        // then each agent's lines about the rollout's runs carry the tenant, rollout and run as fields,
        // and no line carries another tenant's than the one it names (a thread keeping a stale context)
        Set<String> finished = new HashSet<>();
        for (String agent : List.of("agent-site-a", "agent-site-b")) {
            for (JsonNode line : jsonLines(agent)) {
                JsonNode mdc = line.path("mdc");
                String message = line.path("message").asText();
                if (mdc.has("tenant") && message.contains("tenant=")) {
                    assertThat(message.split(" "))
                            .as(line.toString())
                            .contains("tenant=" + mdc.path("tenant").asText());
                }
                if (!message.startsWith("run finished")
                        || !mdc.path("rollout").asText().equals(rollout.toString())) {
                    continue;
                }
                finished.add(mdc.path("tenant").asText());
                assertThat(message)
                        .as(line.toString())
                        .contains("tenant=" + mdc.path("tenant").asText() + " run="
                                + mdc.path("run").asText());
                assertThat(Instant.parse(line.path("timestamp").asText()))
                        .as("a timestamp with its date")
                        .isAfter(Instant.parse("2026-01-01T00:00:00Z"));
            }
        }
        assertThat(finished).as("a 'run finished' line for every tenant").hasSize(TENANTS);
        // and the coordinator's lines about moving the rollout carry the rollout
        assertThat(jsonLines(TestSystem.COORDINATOR))
                .filteredOn(line -> line.path("message").asText().startsWith("rollout moved rollout=" + rollout))
                .isNotEmpty()
                .allSatisfy(line ->
                        assertThat(line.path("mdc").path("rollout").asText()).isEqualTo(rollout.toString()));
    }

    @Test
    @Order(5)
    void shouldKeepTenantCredentialsAndTokenSecretsOutOfLogsTopicsDeadLettersAndAnswers() throws Exception {
        // given the rollouts above, a caller with a token of its own, and a command set aside by an agent
        String operatorToken = api.tokenOf("leak-check");
        PoisonMessages.publish(
                system.bootstrapServers(),
                Topics.commands("site-a"),
                "tenant_0001",
                List.of("{not json".getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        api.get("/api/dead-letters?setAsideBy=agent&limit=1000").size() > 0);
        List<String> secrets = List.of(TENANT_PASSWORD, Api.BOOTSTRAP, operatorToken);

        // then no service's log holds one
        for (ServiceProcess service : system.coordinators()) {
            assertThat(Files.readString(service.log())).as(service.name()).doesNotContain(secrets);
        }
        for (String agent : List.of("agent-site-a", "agent-site-b")) {
            String log = Files.readString(system.service(agent).log());
            assertThat(log).as(agent).doesNotContain(secrets).contains("run finished tenant=");
        }
        // nor any record on any of Flotilla's topics, values and headers
        TopicReplay topics = new TopicReplay(system.bootstrapServers());
        for (String topic : List.of(
                Topics.EVENTS,
                Topics.AGENTS,
                Topics.PLANS,
                Topics.DEAD_LETTERS,
                Topics.commands("site-a"),
                Topics.commands("site-b"))) {
            List<ConsumerRecord<byte[], byte[]>> records = topics.records(topic);
            assertThat(records).as(topic).isNotEmpty();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                StringBuilder text = new StringBuilder(new String(record.value(), StandardCharsets.UTF_8));
                record.headers().forEach(h -> text.append(' ').append(new String(h.value(), StandardCharsets.UTF_8)));
                assertThat(text.toString()).as(topic).doesNotContain(secrets);
            }
        }
        // nor any answer of the API or page of the dashboard
        for (String path : List.of(
                "/api/tenants",
                "/api/tenants/tenant_0001",
                "/api/agents",
                "/api/rollouts",
                "/api/rollouts/" + latestRollout,
                "/api/dead-letters?limit=1000",
                "/api/dead-letters?setAsideBy=agent&limit=1000",
                "/api/audit?limit=10000",
                "/api/tokens",
                "/api/matrix/rows?size=200",
                "/api/notifications")) {
            assertThat(api.get(path).toString()).as(path).doesNotContain(secrets);
        }
        for (String page :
                List.of("/", "/agents", "/rollouts/" + latestRollout, "/tenants/tenant_0001", "/dead-letters")) {
            assertThat(api.page(page)).as(page).doesNotContain(secrets).contains("Flotilla");
        }
    }

    @Test
    @Order(6)
    void shouldRunTheCliFromItsDistributionAgainstTheCoordinatorWithAToken() throws Exception {
        // given the distribution unpacked outside the checkout, and a viewer's token
        Path zip;
        try (var files = Files.list(ServiceProcess.root().resolve("cli/target"))) {
            zip = files.filter(f -> f.getFileName().toString().matches("flotilla-.+\\.zip"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no flotilla-*.zip in cli/target: ./mvnw package"));
        }
        Path away = Files.createTempDirectory("flotilla-dist");
        try {
            Path home = unzip(zip, away);
            String viewer = api.tokenOf("dist-viewer", "viewer");

            // when it lists the tenants with the token, without one, and asks for what a viewer may not
            Cli.Result listed = distribution(home, away, viewer, "tenants");
            Cli.Result anonymous = distribution(home, away, null, "tenants");
            Cli.Result tokens = distribution(home, away, viewer, "tokens", "list");

            // then it works with the token, and says what is missing otherwise
            assertThat(listed.exitCode()).as(listed.output()).isZero();
            assertThat(listed.output()).contains("tenant_0001", "tenant_0100");
            assertThat(anonymous.exitCode()).isNotZero();
            assertThat(anonymous.output()).contains("401", "FLOTILLA_TOKEN");
            assertThat(tokens.exitCode()).isNotZero();
            assertThat(tokens.output()).contains("403", "needs the role admin");
        } finally {
            try (var walk = Files.walk(away)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** Unpacks the distribution into {@code dir}; returns its top directory. */
    private static Path unzip(Path zip, Path dir) throws Exception {
        Path top = null;
        try (var in = new ZipInputStream(Files.newInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException("entry outside the directory: " + entry.getName());
                }
                if (top == null) {
                    top = dir.resolve(Path.of(entry.getName()).getName(0));
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
        return top;
    }

    /** Runs the distribution's {@code bin/flotilla} from {@code cwd}, with a home of its own and {@code token}. */
    private static Cli.Result distribution(Path home, Path cwd, String token, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("bash", home.resolve("bin/flotilla").toString(), "--api", api.base()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        builder.environment().remove("FLOTILLA_TOKEN");
        builder.environment().remove("FLOTILLA_API");
        builder.environment().put("HOME", cwd.toString());
        builder.environment().put("XDG_CONFIG_HOME", cwd.resolve(".config").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (token != null) {
            builder.environment().put("FLOTILLA_TOKEN", token);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("bin/flotilla did not exit: " + output);
        }
        return new Cli.Result(process.exitValue(), output);
    }

    /** The lines of a service's log that are JSON objects (the test's own markers between starts are not). */
    private static List<JsonNode> jsonLines(String service) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : system.service(service).logSinceStart().split("\n")) {
            if (line.startsWith("{")) {
                lines.add(MAPPER.readTree(line));
            }
        }
        return lines;
    }

    /** Per version, the direction and state of its latest history row, as the rollback should leave them. */
    private static Map<String, String> expectedDirections() {
        Map<String, String> expected = new TreeMap<>();
        for (Migration m : catalog.migrations()) {
            boolean kept = m.version().compareTo(Version.of(BASE)) <= 0;
            expected.put(m.version().text(), kept ? "up applied" : "down applied");
        }
        return expected;
    }

    private void assertEveryHistoryTableHasTheCatalog() throws SQLException {
        Map<String, String> expected = new HashMap<>();
        catalog.migrations().forEach(m -> expected.put(m.version().text(), m.checksum()));
        try (Connection c = pg.connect(fleetDb)) {
            for (int i = 1; i <= TENANTS; i++) {
                String tenant = Fleet.tenantId(i);
                Map<String, String> history = new HashMap<>();
                try (PreparedStatement s = c.prepareStatement("select version, checksum, state, direction from \""
                                + tenant + "\".flotilla_schema_history");
                        ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        assertThat(rs.getString("state")).as(tenant).isEqualTo("applied");
                        assertThat(rs.getString("direction")).as(tenant).isEqualTo("up");
                        assertThat(history.put(rs.getString("version"), rs.getString("checksum")))
                                .as("%s applied %s once", tenant, rs.getString("version"))
                                .isNull();
                    }
                }
                assertThat(history).as(tenant).isEqualTo(expected);
            }
        }
    }

    private void assertEveryTenantSchemaIsTheSame() throws SQLException {
        try (Connection c = pg.connect(fleetDb)) {
            Set<String> reference = SchemaShape.of(c, Fleet.tenantId(1));
            assertThat(reference)
                    .contains("table accounts", "table users", "table api_keys", "column users.email_domain")
                    .contains("index audit_events_account_occurred_at_idx");
            for (int i = 2; i <= TENANTS; i++) {
                assertThat(SchemaShape.of(c, Fleet.tenantId(i)))
                        .as(Fleet.tenantId(i))
                        .isEqualTo(reference);
            }
        }
    }

    private void assertMatrixAgrees(String latest) throws Exception {
        await("matrix settled").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode summary = api.get("/api/matrix/summary");
            assertThat(summary.get("tenants").asInt()).isEqualTo(TENANTS);
            assertThat(summary.get("migrations")).hasSize(catalog.migrations().size());
            for (JsonNode migration : summary.get("migrations")) {
                assertThat(migration.get("counts").get("APPLIED").asInt())
                        .as(migration.toString())
                        .isEqualTo(TENANTS);
            }
        });
        JsonNode applied = api.get("/api/matrix?state=APPLIED&size=1");
        assertThat(applied.get("total").asInt())
                .isEqualTo(TENANTS * catalog.migrations().size());
        for (JsonNode tenant : api.get("/api/tenants")) {
            assertThat(tenant.get("currentVersion").asText())
                    .as(tenant.toString())
                    .isEqualTo(latest);
        }
        Migration first = catalog.migrations().getFirst();
        JsonNode cell = api.get("/api/matrix?tenant=" + Fleet.tenantId(7) + "&version="
                        + first.version().text())
                .get("items")
                .get(0);
        assertThat(cell.get("checksum").asText()).isEqualTo(first.checksum());
    }
}
