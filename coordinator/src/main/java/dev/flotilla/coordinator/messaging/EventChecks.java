package dev.flotilla.coordinator.messaging;

import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.AppliedMigration;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.Inventory;
import dev.flotilla.model.wire.RepairFinished;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunStarted;
import dev.flotilla.model.wire.StepFailed;
import dev.flotilla.model.wire.StepProgress;
import dev.flotilla.model.wire.StepStarted;
import dev.flotilla.model.wire.StepSucceeded;
import dev.flotilla.model.wire.Topics;
import java.util.Optional;
import java.util.UUID;

/**
 * What an event must hold before it is folded. An event that fails these checks can never be folded,
 * however often it is retried, so it goes to the dead letters instead of blocking its partition.
 * A step event's version is typed, so the codec already refused one that is not digits; an inventory's
 * versions are the tenant's history rows as written, checked here. Pure.
 */
public final class EventChecks {

    private EventChecks() {}

    /** Why the event cannot be folded; empty when it can. */
    public static Optional<String> problem(Envelope<? extends Event> envelope) {
        if (!validId(envelope.tenant())) {
            return Optional.of("tenant id '" + envelope.tenant() + "' does not match " + Topics.ID.pattern());
        }
        return switch (envelope.payload()) {
            case RunStarted e -> run(e.runId());
            case StepStarted e -> run(e.runId()).or(() -> present(e.version(), "version"));
            case StepProgress e -> run(e.runId()).or(() -> present(e.version(), "version"));
            case StepSucceeded e -> run(e.runId()).or(() -> present(e.version(), "version"));
            case StepFailed e -> run(e.runId()).or(() -> present(e.version(), "version"));
            case RunFinished e -> run(e.runId()).or(() -> present(e.outcome(), "outcome"));
            case Inventory e -> inventory(e);
            case RepairFinished e ->
                present(e.repairId(), "repair id")
                        .or(() -> present(e.outcome(), "outcome"))
                        .or(() -> present(e.version(), "version"));
        };
    }

    private static Optional<String> inventory(Inventory inventory) {
        if (!validId(inventory.site())) {
            return Optional.of("site id '" + inventory.site() + "' does not match " + Topics.ID.pattern());
        }
        if (inventory.agent() == null || inventory.agent().isBlank()) {
            return Optional.of("inventory names no agent");
        }
        for (AppliedMigration applied : inventory.applied()) {
            Optional<String> problem = version(applied.version())
                    .or(() -> present(applied.checksum(), "checksum of " + applied.version()))
                    .or(() -> present(applied.state(), "state of " + applied.version()));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static boolean validId(String id) {
        return id != null && Topics.ID.matcher(id).matches();
    }

    private static Optional<String> run(UUID runId) {
        return present(runId, "run id");
    }

    private static Optional<String> present(Object value, String what) {
        return value == null ? Optional.of(what + " is missing") : Optional.empty();
    }

    /** The catalog's own rule for versions ({@link Version}), so the two never disagree; for history rows. */
    private static Optional<String> version(String version) {
        try {
            Version.of(version);
            return Optional.empty();
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.of("version '" + version + "' is not digits");
        }
    }
}
