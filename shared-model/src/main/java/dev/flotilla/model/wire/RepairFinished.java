package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Version;
import java.util.UUID;

/**
 * A repair ended; an {@link Inventory} of the tenant follows it, so the matrix converges to what the
 * repair wrote.
 *
 * @param message what the agent did or why it refused, never null
 */
public record RepairFinished(UUID repairId, Version version, RepairAction action, RepairOutcome outcome, String message)
        implements Event {}
