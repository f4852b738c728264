package dev.flotilla.cli.local;

import picocli.CommandLine.Command;

/** Groups the commands that run a whole Flotilla stack on this machine, with nothing but a JDK. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description = "Run a local stack: PostgreSQL, Kafka, the coordinator and agents.",
        subcommands = {
            LocalUpCommand.class,
            LocalDownCommand.class,
            LocalPsCommand.class,
            LocalKillCommand.class,
            LocalRestartCommand.class
        })
public final class LocalCommand {}
