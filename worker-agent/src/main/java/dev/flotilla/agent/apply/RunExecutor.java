package dev.flotilla.agent.apply;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.agent.tenants.TenantConnector;
import dev.flotilla.agent.tenants.TenantDirectory;
import dev.flotilla.agent.tenants.TenantTarget;
import dev.flotilla.agent.tenants.TenantUnreachableException;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunStarted;
import dev.flotilla.model.wire.RunTenant;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Executes one {@link RunTenant}: takes the tenant's advisory lock, then applies each step in order
 * against what the tenant's history says, stopping at the first failure or cancel. A cancelled run
 * ({@link RunCancels}) starts no further step, and its running statement is stopped. A run whose
 * events do not reach the broker ({@link ReportBacklog}) lets go of the tenant after its current step
 * and takes it again once they do, going on from the tenant's history as it is then; if one of them
 * failed for good instead, it stops with an {@link EventNotSentException}. Blocks; runs on the
 * tenant's work queue.
 */
@ApplicationScoped
public class RunExecutor {

    private static final Logger LOGGER = Logger.getLogger(RunExecutor.class);

    private final AgentConfig config;
    private final TenantDirectory directory;
    private final TenantConnector connector;
    private final PlanCache plans;
    private final EventSink events;
    private final StepKeepAlive keepAlive;
    private final RunCancels cancels;
    private final ReportBacklog backlog;

    public RunExecutor(
            AgentConfig config,
            TenantDirectory directory,
            TenantConnector connector,
            PlanCache plans,
            EventSink events,
            StepKeepAlive keepAlive,
            RunCancels cancels,
            ReportBacklog backlog) {
        this.config = config;
        this.directory = directory;
        this.connector = connector;
        this.plans = plans;
        this.events = events;
        this.keepAlive = keepAlive;
        this.cancels = cancels;
        this.backlog = backlog;
    }

    /** Cancels a run for good: it starts no further step, and a statement it is running is stopped. */
    public void cancel(UUID runId) {
        cancels.cancel(runId);
    }

    public void execute(Envelope<RunTenant> envelope) throws InterruptedException {
        RunTenant run = envelope.payload();
        RunEvents context = new RunEvents(events, envelope.tenant(), envelope.rollout(), run);
        if (cancels.isCancelled(run.runId())) {
            context.finish(RunOutcome.CANCELLED, "cancelled before it started");
            return;
        }
        Optional<TenantTarget> target = directory.find(context.tenant);
        if (target.isEmpty()) {
            context.finish(RunOutcome.FAILED, "tenant " + context.tenant + " is not served by agent " + config.id());
            return;
        }
        Optional<PlanPublished> plan = plans.await(run.planId(), config.planWait());
        if (plan.isEmpty()) {
            context.finish(
                    RunOutcome.FAILED,
                    plans.rejection(run.planId())
                            .map(why -> "plan " + run.planId() + " was rejected: " + why)
                            .orElse("plan " + run.planId() + " was not received within " + config.planWait()));
            return;
        }
        boolean started = false;
        for (int from = 0; ; ) {
            backlog.holdWhileStalled();
            // had an event of the run been lost, the coordinator would not know what the next step
            // builds on: the run goes no further, its command left to be delivered again
            context.requireDelivered();
            Optional<TenantSession> session;
            try {
                session = TenantSession.open(connector, target.get(), config.lockWait());
            } catch (TenantUnreachableException e) {
                context.finish(RunOutcome.FAILED, e.getMessage());
                return;
            }
            if (session.isEmpty()) {
                // Not a failure of the run: whoever holds the lock (another agent given the same command) reports it.
                context.finish(
                        RunOutcome.BUSY,
                        "busy elsewhere: another session held the tenant's lock for longer than " + config.lockWait());
                return;
            }
            RunSteps.Progress progress;
            try (TenantSession open = session.get();
                    CancellableSession watched =
                            cancels.watch(run.runId(), target.get().database(), open.backendPid)) {
                if (!started) {
                    context.emit(new RunStarted(run.runId(), config.id()));
                    started = true;
                }
                progress = new RunSteps(
                                config,
                                keepAlive,
                                cancels,
                                backlog,
                                open.connection,
                                watched,
                                new HistoryTable(target.get().historySchema()),
                                plan.get(),
                                context)
                        .apply(from);
            }
            // The tenant is let go before the run's events are known to be on the broker: its history
            // says what was done, for whoever is given the run next.
            if (progress.finished()) {
                context.finish(progress.outcome(), progress.outcome() == RunOutcome.SUCCEEDED ? null : context.failure);
                return;
            }
            from = progress.next();
            LOGGER.warnf(
                    "run lets go of the tenant until its events reach the broker tenant=%s run=%s next=%s",
                    context.tenant, run.runId(), run.steps().get(from));
        }
    }
}
