package dev.flotilla.cli.local;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code local down}: stops exactly the processes {@code state.json} lists (services first, then
 * the embedded PostgreSQL they used) and, with purge, drops the databases this stack created and
 * deletes the state directory. Serialised, so a Ctrl-C hook and the command itself never tear the
 * same stack down at the same time.
 */
public final class StackStopper {

    /** Quarkus and the broker stop in seconds; a slow one is killed after this. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private static final Object LOCK = new Object();

    private final FlotillaHome home;
    private final StateStore store;
    private final PrintWriter out;

    public StackStopper(FlotillaHome home, PrintWriter out) {
        this.home = home;
        this.store = new StateStore(home);
        this.out = out;
    }

    public void down(boolean purge) {
        synchronized (LOCK) {
            Optional<LocalState> recorded = store.read();
            if (recorded.isEmpty()) {
                out.println("no local stack recorded in " + home.stateDir());
                if (purge) {
                    store.purge();
                }
                out.flush();
                return;
            }
            LocalState state = recorded.get();
            stopProcesses(state, home, out);
            if (purge) {
                if (!state.embeddedPostgres() && state.postgres() != null) {
                    Databases databases = new Databases(HostPort.parse(state.postgres()));
                    for (String database : state.createdDatabases()) {
                        databases.drop(database);
                        out.println("dropped database " + database + " on " + state.postgres());
                    }
                }
                store.purge();
                out.println("removed " + home.stateDir());
            } else {
                out.println("the local stack is down; databases and logs are kept in " + home.stateDir()
                        + " (`flotilla local down --purge` removes them)");
            }
            out.flush();
        }
    }

    /**
     * Stops the processes a tier at a time, the reverse of their start: coordinator and agents
     * together, then the broker, then the embedded PostgreSQL. Clients go first, so none of them
     * hangs flushing to a broker or database that is already gone.
     */
    static void stopProcesses(LocalState state, FlotillaHome home, PrintWriter out) {
        Map<Integer, List<ManagedProcess>> tiers = new TreeMap<>(Comparator.reverseOrder());
        for (ManagedProcess process : state.processes()) {
            tiers.computeIfAbsent(tier(process), t -> new ArrayList<>()).add(process);
        }
        tiers.values().forEach(tier -> stopTogether(tier, out));
        new LocalPostgres(home).stopOrphanedPostmaster(GRACE);
    }

    private static int tier(ManagedProcess process) {
        return switch (process.name()) {
            case LocalPostgres.PROCESS_NAME -> 0;
            case LocalKafka.PROCESS_NAME -> 1;
            default -> 2;
        };
    }

    private static void stopTogether(List<ManagedProcess> processes, PrintWriter out) {
        List<ProcessHandle> running = new ArrayList<>();
        for (ManagedProcess process : processes) {
            process.live().ifPresent(handle -> {
                handle.destroy();
                running.add(handle);
                out.println("stopping " + process.name() + " (pid " + process.pid() + ")");
            });
        }
        out.flush();
        for (ProcessHandle handle : running) {
            Processes.terminate(handle, GRACE);
        }
    }
}
