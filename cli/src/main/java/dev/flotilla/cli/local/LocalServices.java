package dev.flotilla.cli.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the packaged coordinator and one agent per site, each logging to its own file in the
 * state directory. The agents get explicit schema lists rather than discovery, so each tenant has
 * exactly one site even though all sites share one PostgreSQL here. The coordinator signs plans and
 * the agents trust only its key.
 */
final class LocalServices {

    private final FlotillaHome home;
    private final StackSession session;
    private final LocalPlanKeys keys;

    LocalServices(FlotillaHome home, StackSession session) {
        this.home = home;
        this.session = session;
        this.keys = LocalPlanKeys.in(home.stateDir());
    }

    /** Starts the coordinator; it works from the state directory, so no stray config is picked up. */
    ManagedProcess startCoordinator(int httpPort, String kafka, HostPort postgres, Path migrations) {
        List<String> command = ServiceCommands.coordinator(
                Processes.java(),
                home.coordinatorJar(),
                httpPort,
                kafka,
                postgres,
                migrations,
                keys.signing(),
                LocalToken.ensure(home.stateDir()));
        return start("coordinator", command, httpPort);
    }

    /** Starts one agent per element of {@code sites}, which holds each site's tenant schemas. */
    List<ManagedProcess> startAgents(List<List<String>> sites, int capacity, String kafka, HostPort postgres) {
        List<ManagedProcess> agents = new ArrayList<>();
        for (int site = 1; site <= sites.size(); site++) {
            int httpPort = Ports.free();
            List<String> command = ServiceCommands.agent(
                    Processes.java(),
                    home.agentJar(),
                    httpPort,
                    kafka,
                    site,
                    sites.get(site - 1),
                    capacity,
                    postgres,
                    keys.trusted());
            agents.add(start("agent-" + TenantFleet.siteName(site), command, httpPort));
        }
        return agents;
    }

    /** Starts a Quarkus service; {@code local restart} waits for its readiness check on {@code httpPort}. */
    private ManagedProcess start(String name, List<String> command, int httpPort) {
        Path dir = home.stateDir();
        return session.start(
                name, Processes.launch(command, dir, Readiness.quarkusReady(httpPort)), dir.resolve(name + ".log"));
    }
}
