package dev.flotilla.model.wire;

import java.util.UUID;

/** A step's script began to execute. */
public record StepStarted(UUID runId, String version, Direction direction) implements Event {}
