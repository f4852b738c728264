package dev.flotilla.model.wire;

import dev.flotilla.model.catalog.Version;
import java.util.Optional;
import java.util.UUID;

/** What events have in common, read the same way wherever events are handled. */
public final class Events {

    private Events() {}

    /** The run the event is about; empty for an inventory, which is about a tenant only. */
    public static Optional<UUID> runOf(Event event) {
        return switch (event) {
            case RunStarted e -> Optional.ofNullable(e.runId());
            case StepStarted e -> Optional.ofNullable(e.runId());
            case StepProgress e -> Optional.ofNullable(e.runId());
            case StepSucceeded e -> Optional.ofNullable(e.runId());
            case StepFailed e -> Optional.ofNullable(e.runId());
            case RunFinished e -> Optional.ofNullable(e.runId());
            case Inventory e -> Optional.empty();
            case RepairFinished e -> Optional.empty();
        };
    }

    /** The migration a step's start, success or failure is about; empty for every other event. */
    public static Optional<Version> stepVersionOf(Event event) {
        return switch (event) {
            case StepStarted e -> Optional.ofNullable(e.version());
            case StepSucceeded e -> Optional.ofNullable(e.version());
            case StepFailed e -> Optional.ofNullable(e.version());
            case RunStarted e -> Optional.empty();
            case StepProgress e -> Optional.empty();
            case RunFinished e -> Optional.empty();
            case Inventory e -> Optional.empty();
            case RepairFinished e -> Optional.empty();
        };
    }
}
