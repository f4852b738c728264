package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Version;
import java.util.UUID;

/** A step's script began to execute. */
public record StepStarted(UUID runId, Version version, Direction direction) implements Event {}
