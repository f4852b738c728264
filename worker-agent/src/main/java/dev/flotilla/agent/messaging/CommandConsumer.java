package dev.flotilla.agent.messaging;

import dev.flotilla.agent.apply.EventNotSentException;
import dev.flotilla.agent.apply.EventSink;
import dev.flotilla.agent.apply.InventoryReporter;
import dev.flotilla.agent.apply.PlanCache;
import dev.flotilla.agent.apply.RepairExecutor;
import dev.flotilla.agent.apply.RunExecutor;
import dev.flotilla.agent.apply.TenantWorkQueue;
import dev.flotilla.model.wire.CancelRun;
import dev.flotilla.model.wire.Command;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Event;
import dev.flotilla.model.wire.Payload;
import dev.flotilla.model.wire.RepairFinished;
import dev.flotilla.model.wire.RepairOutcome;
import dev.flotilla.model.wire.RepairTenant;
import dev.flotilla.model.wire.ReportInventory;
import dev.flotilla.model.wire.RunFinished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.WireCodec;
import dev.flotilla.model.wire.WireException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@code flotilla.commands.<site>}. Each command is queued behind earlier work for its tenant
 * (a {@code CancelRun} is not: it acts at once, on a run still queued and on one executing a step
 * now) and acknowledged only once done and its events are on the broker, so the offset is committed (throttled strategy) only after every
 * earlier command finished: a crash re-delivers unfinished commands, and the history table makes the
 * re-run harmless. A command it can never act on (not signed by the trusted coordinator, see
 * {@link CommandTrust}; not decodable; lacking a required field, see {@link CommandChecks}) goes to {@code flotilla.dead-letters} with the reason instead: a handler that
 * throws would stop the channel, and the same record would stop it again after every restart.
 */
@ApplicationScoped
public class CommandConsumer {

    private static final Logger LOGGER = Logger.getLogger(CommandConsumer.class);

    private final TenantWorkQueue queue;
    private final RunExecutor runs;
    private final RepairExecutor repairs;
    private final InventoryReporter inventory;
    private final EventSink events;
    private final EpochFence fence;
    private final PlanCache plans;
    private final CommandTrust trust;

    public CommandConsumer(
            TenantWorkQueue queue,
            RunExecutor runs,
            RepairExecutor repairs,
            InventoryReporter inventory,
            EventSink events,
            EpochFence fence,
            PlanCache plans,
            CommandTrust trust) {
        this.queue = queue;
        this.runs = runs;
        this.repairs = repairs;
        this.inventory = inventory;
        this.events = events;
        this.fence = fence;
        this.plans = plans;
        this.trust = trust;
    }

    @Incoming("commands")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onCommand(Message<byte[]> message) {
        if (message.getPayload() == null) {
            return deadLetter(message, "the record has no value");
        }
        Optional<String> untrusted = trust.problem(message);
        if (untrusted.isPresent()) {
            return deadLetter(message, "command refused: " + untrusted.get());
        }
        Envelope<Payload> envelope;
        try {
            envelope = WireCodec.decode(message.getPayload());
        } catch (WireException e) {
            return deadLetter(message, "cannot decode the command: " + e.getMessage());
        }
        Optional<String> problem = CommandChecks.problem(envelope);
        if (problem.isPresent()) {
            return deadLetter(message, envelope.type() + " " + envelope.id() + " refused: " + problem.get());
        }
        if (!fence.admit(message, envelope.type())) {
            return message.ack();
        }
        try {
            dispatch(envelope, (Command) envelope.payload())
                    .whenComplete((ignored, error) -> settle(message, envelope, error));
        } catch (RuntimeException e) {
            LOGGER.errorf(e, "command not handled id=%s type=%s", envelope.id(), envelope.type());
            return deadLetter(message, envelope.type() + " " + envelope.id() + " not handled: " + e);
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Acknowledges a command once its work is done and reported. One whose work failed to report (an
     * event did not reach the broker) or was interrupted is left unacknowledged, so its offset is not
     * committed and it is delivered again after a restart or rebalance; meanwhile the coordinator
     * re-sends a run it hears nothing of.
     *
     * @param error null when the work finished and its events are on the broker
     */
    private static void settle(Message<byte[]> message, Envelope<Payload> envelope, Throwable error) {
        if (error == null) {
            message.ack();
        } else {
            LOGGER.errorf(
                    "command not acknowledged id=%s type=%s tenant=%s reason=%s",
                    envelope.id(), envelope.type(), envelope.tenant(), error.getMessage());
        }
    }

    /**
     * Sets the record aside on {@code flotilla.dead-letters} with the reason (the channel's
     * {@code dead-letter-queue} failure strategy writes it with the reason and the record's origin in
     * headers, then acknowledges it), so the channel goes on with the next command.
     */
    private static CompletionStage<Void> deadLetter(Message<byte[]> message, String reason) {
        LOGGER.warnf("command dead-lettered reason=%s", reason);
        return message.nack(new UnusableCommand(reason));
    }

    /** Why a command was set aside; its message is the dead letter's reason. */
    static final class UnusableCommand extends RuntimeException {
        UnusableCommand(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Queues {@code work} behind the tenant's earlier work, its plan pinned meanwhile, and logs what it
     * logs with its tenant, rollout and {@code idKey} ({@link WorkLogContext}). An event that
     * did not reach the broker leaves the command unacknowledged; any other error is reported as the
     * event {@code onError} makes of it, so the coordinator hears the run or repair failed.
     */
    private CompletableFuture<Void> queued(
            Envelope<Payload> envelope,
            String planId,
            String idKey,
            Object id,
            TenantWorkQueue.Work work,
            Function<RuntimeException, Event> onError) {
        return pinned(
                planId,
                () -> queue.submit(envelope.tenant(), () -> {
                    try (WorkLogContext logged = WorkLogContext.of(envelope, idKey, id)) {
                        work.run();
                    } catch (EventNotSentException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        try (WorkLogContext logged = WorkLogContext.of(envelope, idKey, id)) {
                            events.emit(envelope.tenant(), envelope.rollout(), onError.apply(e));
                        }
                    }
                }));
    }

    /**
     * Queues work that needs a plan, keeping the plan in the cache until the work is done, so a plan
     * is never let go of while a command waits for it or runs it.
     */
    private CompletableFuture<Void> pinned(String planId, Supplier<CompletableFuture<Void>> work) {
        plans.pin(planId);
        try {
            return work.get().whenComplete((ignored, error) -> plans.unpin(planId));
        } catch (RuntimeException e) {
            plans.unpin(planId);
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Void> dispatch(Envelope<Payload> envelope, Command command) {
        return switch (command) {
            case RunTenant run ->
                queued(
                        envelope,
                        run.planId(),
                        "run",
                        run.runId(),
                        () -> runs.execute((Envelope<RunTenant>) (Envelope<?>) envelope),
                        e -> {
                            LOGGER.errorf(e, "run aborted tenant=%s run=%s", envelope.tenant(), run.runId());
                            return new RunFinished(run.runId(), RunOutcome.FAILED, "agent error: " + e.getMessage());
                        });
            case CancelRun cancel -> {
                runs.cancel(cancel.runId());
                yield CompletableFuture.completedFuture(null);
            }
            case RepairTenant repair ->
                queued(
                        envelope,
                        repair.planId(),
                        "repair",
                        repair.repairId(),
                        () -> repairs.execute((Envelope<RepairTenant>) (Envelope<?>) envelope),
                        e -> {
                            LOGGER.errorf(
                                    e, "repair aborted tenant=%s repair=%s", envelope.tenant(), repair.repairId());
                            return new RepairFinished(
                                    repair.repairId(),
                                    repair.version(),
                                    repair.action(),
                                    RepairOutcome.FAILED,
                                    "agent error: " + e.getMessage());
                        });
            case ReportInventory report ->
                envelope.tenant() == null
                        ? inventory.reportAll()
                        : queue.submit(envelope.tenant(), () -> inventory.report(envelope.tenant()));
        };
    }
}
