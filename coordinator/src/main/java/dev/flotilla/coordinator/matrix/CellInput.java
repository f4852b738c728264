package dev.flotilla.coordinator.matrix;

import dev.flotilla.model.wire.Direction;

/** What can happen to a cell: an agent's step events, or what the tenant's history says. */
public sealed interface CellInput {

    record StepStarted(Direction direction) implements CellInput {}

    record StepSucceeded(Direction direction) implements CellInput {}

    /** @param mismatch the history has this version with another checksum */
    record StepFailed(Direction direction, boolean dirty, boolean mismatch) implements CellInput {}

    /**
     * A step an operator's cancel stopped before it was applied (a transactional step rolled back, a
     * revert undone): not a failure of the migration. A cancel that left the tenant dirty comes as a
     * dirty {@link StepFailed}.
     */
    record StepCancelled(Direction direction) implements CellInput {}

    /**
     * The tenant's history table, reported in an inventory: the source of truth.
     *
     * @param runInFlight the coordinator has a dispatched or running run for the tenant, so a step may be
     *     executing right now, which the history cannot show yet
     */
    record Observed(HistorySays history, boolean runInFlight) implements CellInput {}
}
