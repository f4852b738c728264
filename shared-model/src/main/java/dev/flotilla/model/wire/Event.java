package dev.flotilla.model.wire;

/** What agents report back; on {@code flotilla.events}, keyed by tenant. */
public sealed interface Event extends Payload
        permits RunStarted,
                StepStarted,
                StepProgress,
                StepSucceeded,
                StepFailed,
                RunFinished,
                Inventory,
                RepairFinished {}
