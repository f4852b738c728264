package dev.flotilla.cli.local;

import picocli.CommandLine.Parameters;

/** The NAME of {@code local kill} and {@code local restart}: a process of the stack as {@code local ps} lists it. */
public final class ProcessNameParameter {

    @Parameters(paramLabel = "NAME", description = "kafka, coordinator, agent-site-1, … (postgres when embedded)")
    String name;

    String name() {
        return name;
    }
}
