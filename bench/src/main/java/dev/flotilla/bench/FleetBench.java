package dev.flotilla.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.bench.Results.Measure;
import dev.flotilla.bench.contenders.BenchSetup;
import dev.flotilla.bench.contenders.Contender;
import dev.flotilla.bench.contenders.FlotillaStack;
import dev.flotilla.bench.contenders.FlywayLoop;
import dev.flotilla.bench.contenders.RawJdbc;
import dev.flotilla.bench.coordinator.CoordinatorBench;
import dev.flotilla.cli.local.FlotillaHome;
import dev.flotilla.model.catalog.CatalogReader;
import dev.flotilla.testkit.PgServer;
import dev.flotilla.testkit.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla bench}: migrates fresh fleets of tenant schemas with raw JDBC, Flyway and Flotilla,
 * interleaved round by round on the same PostgreSQL (these machines are noisy, so only numbers from
 * one run compare), then prints min and median per contender, the ratios, and writes JSON.
 */
@Command(
        name = "flotilla bench",
        mixinStandardHelpOptions = true,
        description = "Times raw JDBC, Flyway and Flotilla migrating the same fleet, side by side.",
        subcommands = CoordinatorBench.class)
public final class FleetBench implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--tenants",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Tenant schemas per round (default: ${DEFAULT-VALUE}).")
    int tenants;

    @Option(
            names = "--parallel",
            paramLabel = "P",
            defaultValue = "4",
            description = "Tenants migrated at once by every contender (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(
            names = "--reps",
            paramLabel = "R",
            defaultValue = "3",
            description = "Rounds; each runs every contender once (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(
            names = "--contenders",
            split = ",",
            defaultValue = "raw,flyway,flotilla",
            description = "Which to run, in the first round's order (default: ${DEFAULT-VALUE}).")
    List<String> contenders;

    @Option(
            names = "--pg",
            paramLabel = "HOST:PORT",
            description =
                    "PostgreSQL (user postgres, no password). Default: FLOTILLA_TEST_PG, else 127.0.0.1:5432 if it answers, else an embedded one.")
    String pg;

    @Option(
            names = "--migrations",
            paramLabel = "DIR",
            description = "The catalog (default: migrations/ of the checkout).")
    Path migrations;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description =
                    "Where to write the JSON results (default: .flotilla/bench/fleet-<time>.json in the checkout).")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FleetBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter console = spec.commandLine().getOut();
        FlotillaHome home = FlotillaHome.locate();
        Path catalogDir = migrations != null ? migrations : home.root().resolve("migrations");
        BenchSetup setup = new BenchSetup(server(), CatalogReader.read(catalogDir), catalogDir, tenants, parallel);
        console.printf(
                "fleet benchmark: %d tenants x %d migrations, parallel %d, %d round(s), PostgreSQL %s:%d%n",
                tenants,
                setup.catalog().migrations().size(),
                parallel,
                reps,
                setup.pg().host(),
                setup.pg().port());
        console.flush();
        Results results = new Results();
        List<Contender> order = contenders(setup);
        for (int rep = 1; rep <= reps; rep++) {
            for (Contender contender : order) {
                round(contender, rep, results, console);
            }
            order.add(order.removeFirst());
        }
        console.println();
        console.print(results.table());
        Path written = write(results, setup);
        console.println("results: " + written);
        return 0;
    }

    private void round(Contender contender, int rep, Results results, PrintWriter console) throws Exception {
        Thread cleanup = new Thread(contender::cleanup, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            contender.prepare();
            Duration migrate = contender.migrate();
            contender.verify();
            Duration recheck = contender.recheck();
            results.add(contender.name(), Measure.MIGRATE, migrate);
            results.add(contender.name(), Measure.RECHECK, recheck);
            console.printf(
                    "round %d/%d %-9s migrate %8.3fs  re-check %8.3fs%n",
                    rep, reps, contender.name(), migrate.toNanos() / 1e9, recheck.toNanos() / 1e9);
            console.flush();
        } finally {
            contender.cleanup();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: cleanup is idempotent
            }
        }
    }

    private void validate() {
        if (tenants < 1 || tenants > 9999) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tenants must be 1..9999, was " + tenants);
        }
        if (parallel < 1 || parallel > 256) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallel must be 1..256, was " + parallel);
        }
        if (reps < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reps must be at least 1, was " + reps);
        }
    }

    private List<Contender> contenders(BenchSetup setup) throws IOException {
        List<Contender> list = new ArrayList<>();
        for (String name : contenders) {
            list.add(
                    switch (name.strip()) {
                        case "raw" -> new RawJdbc(setup);
                        case "flyway" -> new FlywayLoop(setup);
                        case "flotilla" -> new FlotillaStack(setup, freePort());
                        default ->
                            throw new CommandLine.ParameterException(
                                    spec.commandLine(), "--contenders: unknown '" + name + "' (raw, flyway, flotilla)");
                    });
        }
        return list;
    }

    private PgServer server() {
        if (pg == null) {
            return TestPostgres.server();
        }
        int colon = pg.lastIndexOf(':');
        if (colon < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pg must be HOST:PORT, was " + pg);
        }
        return new PgServer(pg.substring(0, colon), Integer.parseInt(pg.substring(colon + 1)), "postgres", "");
    }

    private Path write(Results results, BenchSetup setup) throws Exception {
        Instant now = Instant.now();
        Path file = out != null
                ? out
                : FlotillaHome.locate()
                        .root()
                        .resolve(".flotilla/bench/fleet-"
                                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                        .withZone(ZoneOffset.UTC)
                                        .format(now)
                                + ".json");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", now.toString());
        json.put(
                "machine",
                Map.of(
                        "cores", Runtime.getRuntime().availableProcessors(),
                        "java", System.getProperty("java.version"),
                        "os", System.getProperty("os.name") + " " + System.getProperty("os.version"),
                        "postgres", serverVersion(setup.pg())));
        json.put(
                "parameters",
                Map.of(
                        "tenants",
                        tenants,
                        "migrations",
                        setup.catalog().migrations().size(),
                        "parallel",
                        parallel,
                        "reps",
                        reps));
        Map<String, Object> contendersJson = new LinkedHashMap<>();
        results.all().forEach((name, measures) -> {
            Map<String, Object> byMeasure = new LinkedHashMap<>();
            measures.forEach((measure, samples) -> byMeasure.put(
                    measure.name().toLowerCase(),
                    Map.of(
                            "samplesMs", samples.millis(),
                            "minMs", samples.min().toMillis(),
                            "medianMs", samples.median().toMillis())));
            contendersJson.put(name, byMeasure);
        });
        json.put("contenders", contendersJson);
        Map<String, Object> ratios = new LinkedHashMap<>();
        results.ratio("flotilla", "raw", Measure.MIGRATE).ifPresent(r -> ratios.put("flotillaOverRawMigrate", r));
        results.ratio("flyway", "flotilla", Measure.MIGRATE).ifPresent(r -> ratios.put("flywayOverFlotillaMigrate", r));
        results.ratio("flotilla", "raw", Measure.RECHECK).ifPresent(r -> ratios.put("flotillaOverRawRecheck", r));
        results.ratio("flyway", "flotilla", Measure.RECHECK).ifPresent(r -> ratios.put("flywayOverFlotillaRecheck", r));
        json.put("ratios", ratios);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        return file;
    }

    private static String serverVersion(PgServer server) throws Exception {
        try (Connection c = server.connect("postgres");
                ResultSet rs = c.createStatement().executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
