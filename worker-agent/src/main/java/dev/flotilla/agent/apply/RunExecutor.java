package dev.flotilla.agent.apply;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.history.HistoryEntry;
import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.agent.tenants.TenantConnector;
import dev.flotilla.agent.tenants.TenantDirectory;
import dev.flotilla.agent.tenants.TenantTarget;
import dev.flotilla.agent.tenants.TenantUnreachableException;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanStep;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.RunStarted;
import dev.flotilla.model.wire.RunTenant;
import dev.flotilla.model.wire.StepStarted;
import dev.flotilla.model.wire.StepSucceeded;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Executes one {@link RunTenant}: takes the tenant's advisory lock, then applies each step in order
 * against what the tenant's history says, stopping at the first failure. Blocks; runs on the
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
    private final ReportBacklog backlog;
    private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();

    public RunExecutor(
            AgentConfig config,
            TenantDirectory directory,
            TenantConnector connector,
            PlanCache plans,
            EventSink events,
            StepKeepAlive keepAlive,
            ReportBacklog backlog) {
        this.config = config;
        this.directory = directory;
        this.connector = connector;
        this.plans = plans;
        this.events = events;
        this.keepAlive = keepAlive;
        this.backlog = backlog;
    }

    /** Marks a run cancelled; it stops before its next step. */
    public void cancel(UUID runId) {
        cancelled.add(runId);
    }

    public void execute(Envelope<RunTenant> envelope) throws InterruptedException {
        RunTenant run = envelope.payload();
        RunEvents context = new RunEvents(events, envelope.tenant(), envelope.rollout(), run);
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
        if (cancelled.remove(run.runId())) {
            context.finish(RunOutcome.CANCELLED, "cancelled before it started");
            return;
        }
        for (int from = 0; ; ) {
            backlog.holdWhileStalled();
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
            Progress progress;
            try (TenantSession open = session.get()) {
                if (from == 0) {
                    context.emit(new RunStarted(run.runId(), config.id()));
                }
                progress = applySteps(open.connection, target.get(), plan.get(), context, from);
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

    /**
     * How far a run's steps got in one session: to an outcome, or to step {@code next}, before which
     * the run let go of the tenant because its events were not reaching the broker.
     */
    private record Progress(RunOutcome outcome, int next) {
        static Progress finished(RunOutcome outcome) {
            return new Progress(outcome, -1);
        }

        static Progress letGoBefore(int next) {
            return new Progress(null, next);
        }

        boolean finished() {
            return outcome != null;
        }
    }

    /**
     * Applies the run's steps from index {@code from} on. Once one step is done, a run whose events
     * wait too long for the broker ({@link ReportBacklog#stalled}) stops before the next: cut off from
     * the broker, it lets go of the tenant (the other agents of its site may be given its command
     * meanwhile) and goes on later from the tenant's history as it is then.
     */
    private Progress applySteps(
            SqlConnection connection, TenantTarget target, PlanPublished plan, RunEvents context, int from) {
        HistoryTable history = new HistoryTable(target.historySchema());
        history.ensure(connection);
        Map<Version, HistoryEntry> current = history.current(connection);
        List<Version> steps = context.run.steps();
        int singlyUntil = 0;
        for (int i = from; i < steps.size(); ) {
            if (i > from && backlog.stalled()) {
                return Progress.letGoBefore(i);
            }
            if (cancelled.remove(context.run.runId())) {
                context.failure = "cancelled before step " + steps.get(i);
                return Progress.finished(RunOutcome.CANCELLED);
            }
            List<GroupedStep> group = i < singlyUntil ? List.of() : groupable(current, plan, steps, i, context);
            if (group.size() > 1) {
                if (applyGroup(connection, history, group, context)) {
                    i += group.size();
                    continue;
                }
                // The group rolled back: its steps run one by one, so the one at fault is known, each
                // decided against the history as it is now, not as it was before the group (the group's
                // failure may have come after its commit, or the table changed meanwhile).
                singlyUntil = i + group.size();
                current = history.current(connection);
            }
            if (!applyStep(connection, history, current, plan, steps.get(i), context)) {
                return Progress.finished(RunOutcome.FAILED);
            }
            i++;
        }
        return Progress.finished(RunOutcome.SUCCEEDED);
    }

    /** A transactional step to run in a group: its version, its script and its history row. */
    private record GroupedStep(Version version, StepDecision.Run run, HistoryTable.StepRecord record) {}

    /**
     * The transactional steps to run from {@code from} on, up to {@code steps-per-transaction}, stopping
     * before the first step that is not a transactional one to run (already done, refused,
     * non-transactional, not in the plan).
     */
    private List<GroupedStep> groupable(
            Map<Version, HistoryEntry> current, PlanPublished plan, List<Version> steps, int from, RunEvents context) {
        List<GroupedStep> group = new ArrayList<>();
        for (int i = from; i < steps.size() && group.size() < config.stepsPerTransaction(); i++) {
            Version version = steps.get(i);
            Optional<PlanStep> step = stepOf(plan, version);
            if (step.isEmpty()
                    || !(StepDecision.decide(current, step.get(), context.run.direction())
                            instanceof StepDecision.Run run)
                    || !run.script().groupable()) {
                break;
            }
            group.add(new GroupedStep(version, run, record(step.get(), version, run, context)));
        }
        return group;
    }

    /** Runs a group in one transaction; true when every step of it was applied and reported. */
    private boolean applyGroup(
            SqlConnection connection, HistoryTable history, List<GroupedStep> group, RunEvents context) {
        StepStarted started =
                new StepStarted(context.run.runId(), group.getFirst().version(), context.run.direction());
        StepOutcome outcome;
        try (StepKeepAlive.Ticket alive = keepAlive.start(context.tenant, context.rollout, started, false)) {
            outcome = StepExecutor.runGroup(
                    connection,
                    history,
                    group.stream()
                            .map(g -> new StepExecutor.Grouped(
                                    g.record(), withDefaults(g.run().script())))
                            .toList());
        }
        if (!(outcome instanceof StepOutcome.Applied applied)) {
            return false;
        }
        long each = applied.durationMs() / group.size();
        for (GroupedStep step : group) {
            context.emit(new StepSucceeded(
                    context.run.runId(),
                    step.version(),
                    context.run.direction(),
                    step.run().checksum(),
                    each,
                    false));
        }
        return true;
    }

    private StepExecutor.Script withDefaults(StepExecutor.Script script) {
        return script.withDefaults(config.stepLockTimeout(), config.stepStatementTimeout());
    }

    private static Optional<PlanStep> stepOf(PlanPublished plan, Version version) {
        return plan.steps().stream().filter(s -> version.equals(s.version())).findFirst();
    }

    private HistoryTable.StepRecord record(PlanStep step, Version version, StepDecision.Run run, RunEvents context) {
        return HistoryTable.StepRecord.ofStep(
                version,
                step.name(),
                run.checksum(),
                context.run.direction() == Direction.UP ? HistoryTable.UP : HistoryTable.DOWN,
                context.rollout,
                context.run.runId(),
                config.id(),
                context.run.actor());
    }

    private boolean applyStep(
            SqlConnection connection,
            HistoryTable history,
            Map<Version, HistoryEntry> current,
            PlanPublished plan,
            Version version,
            RunEvents context) {
        Direction direction = context.run.direction();
        Optional<PlanStep> step = stepOf(plan, version);
        if (step.isEmpty()) {
            return context.fail(
                    version,
                    FailureCode.PLAN_UNAVAILABLE,
                    null,
                    "plan " + plan.planId() + " has no step " + version,
                    false);
        }
        StepDecision decision = StepDecision.decide(current, step.get(), direction);
        return switch (decision) {
            case StepDecision.AlreadyDone done -> {
                context.emit(new StepSucceeded(
                        context.run.runId(), version, direction, done.checksum(), 0, true, done.appliedBy()));
                yield true;
            }
            case StepDecision.Refuse refuse ->
                context.fail(version, refuse.code(), null, refuse.message(), refuse.dirty());
            case StepDecision.Run toRun -> {
                StepStarted started = new StepStarted(context.run.runId(), version, direction);
                boolean announced = keepAlive.announcesBefore(toRun.script().groupable());
                if (announced) {
                    context.emit(started);
                }
                HistoryTable.StepRecord record = record(step.get(), version, toRun, context);
                StepOutcome outcome;
                try (StepKeepAlive.Ticket alive =
                        keepAlive.start(context.tenant, context.rollout, started, announced)) {
                    StepExecutor.Script script = withDefaults(toRun.script());
                    outcome = script.batch() == null
                            ? StepExecutor.run(connection, history, record, script)
                            : new BatchExecutor(connection, history, history.cursors(), record, script, alive::update)
                                    .run();
                }
                yield switch (outcome) {
                    case StepOutcome.Applied applied -> {
                        context.emit(new StepSucceeded(
                                context.run.runId(),
                                version,
                                direction,
                                toRun.checksum(),
                                applied.durationMs(),
                                false));
                        yield true;
                    }
                    case StepOutcome.Failed failed ->
                        context.fail(version, failed.code(), failed.sqlState(), failed.message(), failed.dirty());
                };
            }
        };
    }
}
