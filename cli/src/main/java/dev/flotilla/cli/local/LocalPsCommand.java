package dev.flotilla.cli.local;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the local stack's processes, whether each still runs, and its pid. */
@Command(
        name = "ps",
        mixinStandardHelpOptions = true,
        description = "List the local stack's processes: name, pid, running or dead.")
public final class LocalPsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FlotillaHome home = FlotillaHome.locate();
        Optional<LocalState> state = new StateStore(home).read();
        if (state.isEmpty()) {
            out.println("no local stack recorded in " + home.stateDir());
        } else {
            out.print(ProcessTable.render(observe(state.get())));
        }
        out.flush();
        return 0;
    }

    /** Each recorded process with whether its pid still runs now. */
    static List<ProcessTable.Row> observe(LocalState state) {
        return state.processes().stream()
                .map(p -> new ProcessTable.Row(
                        p.name(), p.pid(), p.live().isPresent() ? ProcessTable.State.RUNNING : ProcessTable.State.DEAD))
                .toList();
    }
}
