package dev.flotilla.agent.messaging;

import dev.flotilla.model.wire.CancelRun;
import dev.flotilla.model.wire.Command;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.RepairTenant;
import dev.flotilla.model.wire.ReportInventory;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.Topics;
import java.util.Optional;

/**
 * What a command must hold before the agent acts on it. A command that fails these checks can never
 * be carried out, however often it is delivered, so it goes to the dead letters instead of stopping
 * the channel (a handler that throws fails the whole channel, and it would fail again on the same
 * record after a restart). Pure.
 */
final class CommandChecks {

    private CommandChecks() {}

    /** Why the agent cannot act on the message; empty when it can. */
    static Optional<String> problem(Envelope<Payload> envelope) {
        if (!(envelope.payload() instanceof Command command)) {
            return Optional.of("a " + envelope.type() + " is not a command");
        }
        return switch (command) {
            case RunTenant run ->
                tenant(envelope.tenant())
                        .or(() -> present(run.runId(), "run id"))
                        .or(() -> present(run.planId(), "plan id"))
                        .or(() -> present(run.direction(), "direction"));
            case CancelRun cancel -> present(cancel.runId(), "run id");
            case RepairTenant repair ->
                tenant(envelope.tenant())
                        .or(() -> present(repair.repairId(), "repair id"))
                        .or(() -> present(repair.planId(), "plan id"))
                        .or(() -> present(repair.version(), "version"))
                        .or(() -> present(repair.action(), "action"));
            case ReportInventory report -> envelope.tenant() == null ? Optional.empty() : tenant(envelope.tenant());
        };
    }

    private static Optional<String> tenant(String tenant) {
        if (tenant == null) {
            return Optional.of("tenant is missing");
        }
        return Topics.ID.matcher(tenant).matches()
                ? Optional.empty()
                : Optional.of("tenant id '" + tenant + "' does not match " + Topics.ID.pattern());
    }

    private static Optional<String> present(Object value, String what) {
        return value == null ? Optional.of(what + " is missing") : Optional.empty();
    }
}
