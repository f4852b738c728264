package dev.flotilla.cli;

import picocli.CommandLine.Command;

/** Groups the rollout subcommands; a rollout is one execution of a plan across tenants. */
@Command(
        name = "rollout",
        mixinStandardHelpOptions = true,
        description = "Start, follow and steer rollouts.",
        subcommands = {
            RolloutStartCommand.class,
            RolloutListCommand.class,
            RolloutShowCommand.class,
            RolloutWatchCommand.class,
            RolloutActionCommands.Pause.class,
            RolloutActionCommands.Resume.class,
            RolloutActionCommands.Cancel.class,
            RolloutActionCommands.Approve.class,
            RolloutActionCommands.Retry.class,
            RolloutActionCommands.Skip.class
        })
public final class RolloutCommand {}
