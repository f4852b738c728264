package dev.flotilla.cli;

import picocli.CommandLine.Command;

/** Groups the rollout subcommands; a rollout is one execution of a plan across tenants. */
@Command(
        name = "rollout",
        mixinStandardHelpOptions = true,
        description = "Start and follow rollouts.",
        subcommands = {RolloutStartCommand.class, RolloutShowCommand.class})
public final class RolloutCommand {}
