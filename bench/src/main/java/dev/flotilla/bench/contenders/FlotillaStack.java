package dev.flotilla.bench.contenders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.ApiClient;
import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.Json;
import dev.flotilla.cli.RolloutRequest;
import dev.flotilla.cli.local.Databases;
import dev.flotilla.cli.local.FlotillaHome;
import dev.flotilla.cli.local.LocalToken;
import dev.flotilla.testkit.Fleet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Flotilla as an operator runs it: the real local stack (a Kafka broker, the packaged coordinator and
 * one agent migrating as many tenants at once as the other contenders, all separate processes),
 * started through the command line on fresh tenant schemas, and warmed up on extra tenants first.
 * A migration is timed from the rollout request to the coordinator's record of the last run
 * finishing; the re-check from the refresh request to the last inventory folded.
 */
public final class FlotillaStack implements Contender {

    /**
     * How often the harness asks for progress. The times come from the coordinator's own records
     * (finishedAt, lastInventoryAt), so polling less often loses no precision and leaves the CPU to
     * the system under test.
     */
    private static final Duration POLL = Duration.ofMillis(250);
    /**
     * Runs in flight per tenant the agent migrates at once. The agent's capacity is the parallelism the
     * database sees (equal for every contender); a deeper window at the coordinator keeps a next
     * tenant queued at the agent, so no database slot idles while a finished run's news travels.
     */
    private static final int WINDOW = 2;
    /** Tenants rolled out, untimed, to warm the stack up before the timed rollout. */
    private static final int WARM_UP_TENANTS = 100;

    private static final Duration LIMIT = Duration.ofMinutes(30);

    private final BenchSetup setup;
    private final int port;
    private final StringWriter log = new StringWriter();
    private boolean up;

    public FlotillaStack(BenchSetup setup, int port) {
        this.setup = setup;
        this.port = port;
    }

    @Override
    public String name() {
        return "flotilla";
    }

    @Override
    public void prepare() throws InterruptedException {
        up = true;
        cli(
                "local",
                "up",
                "--tenants",
                Integer.toString(setup.tenants() + warmUpTenants()),
                "--sites",
                "1",
                "--capacity",
                Integer.toString(setup.parallel()),
                "--port",
                Integer.toString(port),
                "--pg",
                setup.pg().host() + ":" + setup.pg().port(),
                "--migrations",
                setup.migrations().toAbsolutePath().toString(),
                "--timeout",
                "600");
        warmUp();
    }

    /**
     * The stack is a long-running service; a fresh one would spend its first seconds compiling its own
     * code (the JIT), competing with PostgreSQL for the CPU. So a rollout of extra tenants, which are
     * not timed, warms it up first.
     */
    private void warmUp() throws InterruptedException {
        List<String> warmUp = new ArrayList<>();
        for (int i = setup.tenants() + 1; i <= setup.tenants() + warmUpTenants(); i++) {
            warmUp.add(Fleet.tenantId(i));
        }
        rollOut(warmUp);
    }

    private int warmUpTenants() {
        return Math.min(setup.tenants(), WARM_UP_TENANTS);
    }

    @Override
    public Duration migrate() throws InterruptedException {
        List<String> timed = new ArrayList<>();
        for (int i = 1; i <= setup.tenants(); i++) {
            timed.add(Fleet.tenantId(i));
        }
        return rollOut(timed);
    }

    /** Rolls the tenants out to the latest version; returns the time from request to the last run finished. */
    private Duration rollOut(List<String> tenants) throws InterruptedException {
        String latest = setup.catalog().latest().orElseThrow().text();
        Instant start = Instant.now();
        JsonNode created =
                api().post("api/rollouts", new RolloutRequest(latest, tenants, WINDOW * setup.parallel()).toJson());
        String id = Json.text(created, "id");
        JsonNode rollout = created;
        while (!"COMPLETED".equals(Json.text(rollout, "state"))) {
            if (!"RUNNING".equals(Json.text(rollout, "state"))) {
                throw new IllegalStateException("the rollout ended " + Json.text(rollout, "state") + ": " + rollout);
            }
            pause(start);
            rollout = api().get("api/rollouts/" + id);
        }
        return Duration.between(start, Instant.parse(Json.text(rollout, "finishedAt")));
    }

    /** Every tenant's history read again by its agent and reconciled with the matrix. */
    @Override
    public Duration recheck() throws InterruptedException {
        Instant start = Instant.now();
        Instant requested = Instant.parse(Json.text(api().post("api/tenants/refresh", List.of()), "requestedAt"));
        while (true) {
            List<Instant> seen = new ArrayList<>();
            for (JsonNode tenant : api().get("api/tenants")) {
                String at = Json.text(tenant, "lastInventoryAt");
                seen.add(at == null ? Instant.MIN : Instant.parse(at));
            }
            if (seen.size() == setup.tenants() + warmUpTenants()
                    && seen.stream().noneMatch(at -> at.isBefore(requested))) {
                return Duration.between(
                        start, seen.stream().max(Instant::compareTo).orElseThrow());
            }
            pause(start);
        }
    }

    @Override
    public void verify() throws Exception {
        try (var fleet = TenantDatabase.existing(setup.pg(), Databases.FLEET, setup.tenants())) {
            fleet.expectEach(
                    "select count(distinct version) from %s.flotilla_schema_history where state = 'applied'",
                    setup.catalog().migrations().size(), "applied migrations");
        }
    }

    @Override
    public void cleanup() {
        if (up) {
            up = false;
            cli("local", "down", "--purge");
        }
    }

    private ApiClient api() {
        return new ApiClient(
                "http://127.0.0.1:" + port + "/",
                LocalToken.read(FlotillaHome.locate().stateDir()).orElse(null));
    }

    private static void pause(Instant start) throws InterruptedException {
        if (Duration.between(start, Instant.now()).compareTo(LIMIT) > 0) {
            throw new IllegalStateException("no result after " + LIMIT);
        }
        Thread.sleep(POLL.toMillis());
    }

    /** Runs a CLI command in this process; its output is kept and shown only when it fails. */
    private void cli(String... args) {
        CommandLine commandLine = FlotillaCli.commandLine();
        PrintWriter out = new PrintWriter(log, true);
        commandLine.setOut(out);
        commandLine.setErr(out);
        int status = commandLine.execute(args);
        if (status != 0) {
            throw new IllegalStateException(
                    "`flotilla " + String.join(" ", args) + "` failed (" + status + "):\n" + log);
        }
    }
}
