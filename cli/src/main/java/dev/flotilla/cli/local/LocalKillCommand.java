package dev.flotilla.cli.local;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Kills one process of the local stack with SIGKILL, to reproduce a crash by hand. */
@Command(
        name = "kill",
        mixinStandardHelpOptions = true,
        description = "Kill a process of the local stack with SIGKILL (see `flotilla local ps` for the names).")
public final class LocalKillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProcessNameParameter process;

    @Override
    public Integer call() {
        new ProcessKiller(FlotillaHome.locate(), spec.commandLine().getOut()).kill(process.name());
        return 0;
    }
}
