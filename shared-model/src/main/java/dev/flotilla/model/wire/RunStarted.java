package dev.flotilla.model.wire;

import java.util.UUID;

/** An agent took the tenant's lock and begins the run. */
public record RunStarted(UUID runId, String agent) implements Event {}
