package dev.flotilla.bench.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.bench.Samples;
import dev.flotilla.cli.Json;
import dev.flotilla.cli.local.FlotillaHome;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.Topics;
import dev.flotilla.testkit.KafkaBroker;
import dev.flotilla.testkit.PgServer;
import dev.flotilla.testkit.TestPostgres;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla bench coordinator}: the coordinator alone, at fleet scale. A synthetic fleet of
 * {@code --tenants} × {@code --migrations} cells in its real database; the packaged coordinator as a
 * process; then the latency of the matrix summary and of matrix pages, how many agent events per
 * second it folds, and its resident memory.
 */
@Command(
        name = "coordinator",
        mixinStandardHelpOptions = true,
        description = "Matrix latency, events folded per second and memory of the coordinator on a synthetic fleet.")
public final class CoordinatorBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tenants", defaultValue = "100000", description = "Tenants (default: ${DEFAULT-VALUE}).")
    int tenants;

    @Option(names = "--migrations", defaultValue = "50", description = "Migrations (default: ${DEFAULT-VALUE}).")
    int migrations;

    @Option(
            names = "--samples",
            defaultValue = "30",
            description = "Timed requests per path (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(
            names = "--fold-tenants",
            defaultValue = "1000",
            description =
                    "Tenants whose rollout events are folded, each with every migration (default: ${DEFAULT-VALUE}).")
    int foldTenants;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "JSON results (default: .flotilla/bench/coordinator-<time>.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        FlotillaHome home = FlotillaHome.locate();
        PgServer pg = TestPostgres.server();
        Path catalog = Files.createTempDirectory("flotilla-bench-catalog");
        String database = pg.createDatabase("flotilla_bench_coord");
        Map<String, Object> results = new LinkedHashMap<>();
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopics(
                    IntStream.rangeClosed(1, SyntheticFleet.SITES)
                            .mapToObj(i -> Topics.commands("site-" + i))
                            .toList(),
                    4);
            SyntheticFleet.writeCatalog(catalog, migrations);
            Path log = Files.createDirectories(home.root().resolve(".flotilla/bench"))
                    .resolve("coordinator.log");
            try (CoordinatorProcess coordinator = CoordinatorProcess.start(
                            home.coordinatorJar(),
                            freePort(),
                            coordinatorSettings(broker, pg, database, catalog),
                            log);
                    Connection db = pg.connect(database)) {
                coordinator.awaitUp(Duration.ofMinutes(2));
                console.printf("coordinator benchmark: %d tenants x %d migrations%n", tenants, migrations);
                console.flush();
                long loadStart = System.nanoTime();
                SyntheticFleet.load(db, tenants);
                console.printf("fleet loaded in %.1fs%n", (System.nanoTime() - loadStart) / 1e9);
                console.flush();
                results.put("latency", latencies(coordinator, console));
                results.put("fold", fold(coordinator, db, broker.bootstrapServers(), console));
                long rss = coordinator.residentMib();
                console.printf("coordinator resident memory: %d MiB%n", rss);
                results.put("residentMib", rss);
            }
        } finally {
            pg.dropDatabase(database);
            deleteTree(catalog);
        }
        Path written = write(results);
        console.println("results: " + written);
        return 0;
    }

    private Map<String, Object> latencies(CoordinatorProcess coordinator, PrintWriter console) {
        String middle = "%04d".formatted(Math.max(1, migrations / 2));
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("summary", "api/matrix/summary");
        paths.put("page, version and state filter", "api/matrix?version=" + middle + "&state=FAILED&size=100");
        paths.put("page, one tenant", "api/matrix?tenant=tenant_" + "%06d".formatted(Math.max(1, tenants / 2)));
        paths.put("page 100 unfiltered", "api/matrix?page=100&size=100");
        Map<String, Object> json = new LinkedHashMap<>();
        console.printf("%-32s %10s %10s %10s%n", "GET", "min", "median", "max");
        paths.forEach((name, path) -> {
            Samples timed = Latency.of(coordinator.api(), path, samples);
            Duration max =
                    timed.values().stream().max(Comparator.naturalOrder()).orElseThrow();
            console.printf(
                    Locale.ROOT,
                    "%-32s %8.1fms %8.1fms %8.1fms%n",
                    name,
                    timed.min().toNanos() / 1e6,
                    timed.median().toNanos() / 1e6,
                    max.toNanos() / 1e6);
            console.flush();
            json.put(
                    name,
                    Map.of(
                            "path",
                            path,
                            "minMs",
                            timed.min().toNanos() / 1e6,
                            "medianMs",
                            timed.median().toNanos() / 1e6,
                            "maxMs",
                            max.toNanos() / 1e6));
        });
        return json;
    }

    private Map<String, Object> fold(
            CoordinatorProcess coordinator, Connection db, String bootstrap, PrintWriter console) throws Exception {
        List<String> chosen = new ArrayList<>();
        try (var rs = db.createStatement()
                .executeQuery("select tenant_id from tenants order by tenant_id limit " + foldTenants)) {
            while (rs.next()) {
                chosen.add(rs.getString(1));
            }
        }
        String latest = "%04d".formatted(migrations);
        Map<String, Object> request = Map.of(
                "target", Map.of("version", latest), "tenants", chosen, "maxParallel", Math.min(1000, foldTenants));
        JsonNode rollout = coordinator.api().post("api/rollouts", request);
        UUID id = UUID.fromString(Json.text(rollout, "id"));
        List<Envelope<Event>> events = EventLoad.eventsFor(db, id);
        Duration took = EventLoad.publishAndAwait(bootstrap, db, events);
        double perSecond = events.size() / (took.toNanos() / 1e9);
        console.printf(
                Locale.ROOT,
                "folded %d events in %.2fs: %.0f events/s%n",
                events.size(),
                took.toNanos() / 1e9,
                perSecond);
        console.flush();
        return Map.of("events", events.size(), "seconds", took.toNanos() / 1e9, "eventsPerSecond", perSecond);
    }

    private Path write(Map<String, Object> results) throws Exception {
        Instant now = Instant.now();
        Path file = out != null
                ? out
                : FlotillaHome.locate().root().resolve(".flotilla/bench/coordinator-" + now.getEpochSecond() + ".json");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", now.toString());
        json.put(
                "machine",
                Map.of(
                        "cores",
                        Runtime.getRuntime().availableProcessors(),
                        "java",
                        System.getProperty("java.version")));
        json.put(
                "parameters",
                Map.of("tenants", tenants, "migrations", migrations, "samples", samples, "foldTenants", foldTenants));
        json.putAll(results);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        return file;
    }

    private static Map<String, String> coordinatorSettings(
            KafkaBroker broker, PgServer pg, String database, Path catalog) {
        Map<String, String> settings = new LinkedHashMap<>(pg.datasourceSettings(database));
        settings.put("kafka.bootstrap.servers", broker.bootstrapServers());
        settings.put("flotilla.migrations.dir", catalog.toString());
        return settings;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
