package dev.flotilla.cli.local;

import dev.flotilla.cli.CliException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code local up} started and created, kept in {@code state.json} so that {@code local down}
 * stops exactly those processes and drops only the databases this stack made, never an operator's
 * own ones of the same name.
 *
 * @param api the coordinator's URL; null until it is known
 * @param postgres the PostgreSQL server as {@code host:port}; null until one is chosen
 * @param embeddedPostgres whether the stack started that server itself (its data is in the state dir)
 * @param kafkaBootstrap the broker; null until it runs
 * @param createdDatabases databases this stack created on that server, never null
 * @param processes the background processes in start order, never null
 */
public record LocalState(
        String api,
        String postgres,
        boolean embeddedPostgres,
        String kafkaBootstrap,
        List<String> createdDatabases,
        List<ManagedProcess> processes) {

    public LocalState {
        createdDatabases = createdDatabases == null ? List.of() : List.copyOf(createdDatabases);
        processes = processes == null ? List.of() : List.copyOf(processes);
    }

    static LocalState empty(String api) {
        return new LocalState(api, null, false, null, List.of(), List.of());
    }

    /** The processes that still run. */
    public List<ManagedProcess> liveProcesses() {
        return processes.stream().filter(p -> p.live().isPresent()).toList();
    }

    /** The names of the recorded processes, in start order. */
    public List<String> processNames() {
        return processes.stream().map(ManagedProcess::name).toList();
    }

    /**
     * The process called {@code name}.
     *
     * @throws CliException naming the processes there are, when none is called that
     */
    public ManagedProcess process(String name) {
        return processes.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new CliException("the local stack has no process '" + name + "'; its processes are: "
                        + (processes.isEmpty() ? "(none)" : String.join(", ", processNames()))));
    }

    /** This state with the process of the same name replaced by {@code restarted}, in its place. */
    LocalState withRestarted(ManagedProcess restarted) {
        List<ManagedProcess> all = new ArrayList<>(processes);
        int index = processNames().indexOf(restarted.name());
        if (index < 0) {
            throw new IllegalArgumentException("no process " + restarted.name() + " to replace");
        }
        all.set(index, restarted);
        return new LocalState(api, postgres, embeddedPostgres, kafkaBootstrap, createdDatabases, all);
    }

    LocalState withPostgres(HostPort server, boolean embedded) {
        return new LocalState(api, server.toString(), embedded, kafkaBootstrap, createdDatabases, processes);
    }

    LocalState withKafka(String bootstrap) {
        return new LocalState(api, postgres, embeddedPostgres, bootstrap, createdDatabases, processes);
    }

    LocalState withCreatedDatabase(String database) {
        List<String> databases = new ArrayList<>(createdDatabases);
        if (!databases.contains(database)) {
            databases.add(database);
        }
        return new LocalState(api, postgres, embeddedPostgres, kafkaBootstrap, databases, processes);
    }

    LocalState withProcess(ManagedProcess process) {
        List<ManagedProcess> all = new ArrayList<>(processes);
        all.add(process);
        return new LocalState(api, postgres, embeddedPostgres, kafkaBootstrap, createdDatabases, all);
    }
}
