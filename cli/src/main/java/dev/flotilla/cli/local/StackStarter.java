package dev.flotilla.cli.local;

import dev.flotilla.cli.ApiClient;
import dev.flotilla.cli.CliException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code local up}: PostgreSQL, databases and tenant schemas, a broker, the coordinator and one
 * agent per site, each a background process of its own that outlives the CLI. If any part fails to
 * come up, the processes already started are stopped again, and the logs are kept for the reason.
 */
public final class StackStarter {

    private final FlotillaHome home;
    private final StateStore store;
    private final PrintWriter out;
    private volatile StackSession session;

    public StackStarter(FlotillaHome home, PrintWriter out) {
        this.home = home;
        this.store = new StateStore(home);
        this.out = out;
    }

    public LocalState up(LocalStackOptions options) {
        checkBuilt();
        Path migrations = options.migrationsDir(home);
        if (!Files.isDirectory(migrations)) {
            throw new CliException("no migration catalog at " + migrations + " (--migrations)");
        }
        Optional<LocalState> previous = store.read();
        previous.ifPresent(StackStarter::refuseIfRunning);
        if (!Ports.bindable(options.port())) {
            throw new CliException("port " + options.port() + " is in use; choose another with --port");
        }
        createStateDir();
        session = new StackSession(store, LocalState.empty("http://127.0.0.1:" + options.port()));
        try {
            start(options, migrations, previous);
            return session.state();
        } catch (RuntimeException e) {
            abort();
            throw new CliException(
                    e.getMessage() + "\nThe local stack was stopped; its logs are in " + home.stateDir()
                            + ".\n`flotilla local down --purge` removes them and the databases it created.",
                    e);
        }
    }

    private void start(LocalStackOptions options, Path migrations, Optional<LocalState> previous) {
        HostPort pg = new LocalPostgres(home).choose(options, session, out);
        previous.filter(p -> sameServer(p, session.state()))
                .ifPresent(p -> p.createdDatabases().forEach(db -> session.update(s -> s.withCreatedDatabase(db))));
        Databases databases = new Databases(pg);
        for (String database : List.of(Databases.COORDINATOR, Databases.FLEET)) {
            if (databases.createIfMissing(database)) {
                session.update(s -> s.withCreatedDatabase(database));
            }
        }
        List<String> tenants = TenantFleet.tenantIds(options.tenants());
        databases.createSchemas(Databases.FLEET, tenants);
        out.println("tenants: " + tenants.size() + " schemas in " + Databases.FLEET);
        out.flush();

        LocalKafka.Started kafka = new LocalKafka(home).start(session);
        session.update(s -> s.withKafka(kafka.bootstrapServers()));
        out.println("Kafka: " + kafka.bootstrapServers());
        out.flush();

        LocalServices services = new LocalServices(home, session);
        ManagedProcess coordinator =
                services.startCoordinator(options.port(), kafka.bootstrapServers(), pg, migrations);
        List<List<String>> sites = TenantFleet.splitRoundRobin(tenants, options.sites());
        List<ManagedProcess> watched = new ArrayList<>(List.of(coordinator));
        watched.addAll(services.startAgents(sites, options.capacity(), kafka.bootstrapServers(), pg));
        out.println("starting the coordinator and " + sites.size() + " agent(s)…");
        out.flush();
        StackReadiness readiness = new StackReadiness(
                new ApiClient(
                        session.state().api(), LocalToken.read(home.stateDir()).orElseThrow()),
                out);
        readiness.awaitCoordinator(options.timeout(), List.of(coordinator));
        readiness.awaitTenants(tenants, options.timeout(), watched);
    }

    /** Whether {@link #up} got past its checks and may have started processes or made databases. */
    public boolean started() {
        return session != null;
    }

    /**
     * Stops whatever this start has started so far; safe to call from a shutdown hook while
     * {@link #up} still runs, and more than once.
     */
    public void abort() {
        StackSession current = session;
        if (current != null) {
            StackStopper.stopProcesses(current.close(), home, out);
        }
    }

    /** Whether the databases {@code previous} created live on the server {@code current} uses. */
    private static boolean sameServer(LocalState previous, LocalState current) {
        return previous.embeddedPostgres() == current.embeddedPostgres()
                && (current.embeddedPostgres()
                        || String.valueOf(previous.postgres()).equals(current.postgres()));
    }

    private static void refuseIfRunning(LocalState state) {
        List<ManagedProcess> live = state.liveProcesses();
        if (!live.isEmpty()) {
            throw new CliException("a local stack is already up (API " + state.api() + ", "
                    + live.stream().map(p -> p.name() + "=" + p.pid()).toList()
                    + "); stop it first with `flotilla local down`");
        }
    }

    private void checkBuilt() {
        for (Path required : List.of(home.coordinatorJar(), home.agentJar(), home.localLib())) {
            if (!Files.exists(required)) {
                throw new CliException("missing " + required + ": build Flotilla first with"
                        + " `./mvnw -DskipTests install` (./flotilla does that on first use)");
            }
        }
    }

    private void createStateDir() {
        try {
            Files.createDirectories(home.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + home.stateDir(), e);
        }
    }
}
