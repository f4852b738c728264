package dev.flotilla.agent.apply;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.history.HistoryEntry;
import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.FailureCode;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.PlanStep;
import dev.flotilla.model.wire.RunOutcome;
import dev.flotilla.model.wire.StepStarted;
import dev.flotilla.model.wire.StepSucceeded;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of one run on its tenant session, in order, against what the tenant's history says:
 * quick transactional steps grouped into one transaction, each step reported, the run stopped at the
 * first failure or once it is cancelled. Used by one thread, the run's.
 */
final class RunSteps {

    private final AgentConfig config;
    private final StepKeepAlive keepAlive;
    private final RunCancels cancels;
    private final ReportBacklog backlog;
    private final SqlConnection connection;
    private final CancelWindow window;
    private final HistoryTable history;
    private final PlanPublished plan;
    private final RunEvents context;

    RunSteps(
            AgentConfig config,
            StepKeepAlive keepAlive,
            RunCancels cancels,
            ReportBacklog backlog,
            SqlConnection connection,
            CancelWindow window,
            HistoryTable history,
            PlanPublished plan,
            RunEvents context) {
        this.config = config;
        this.keepAlive = keepAlive;
        this.cancels = cancels;
        this.backlog = backlog;
        this.connection = connection;
        this.window = window;
        this.history = history;
        this.plan = plan;
        this.context = context;
    }

    /**
     * How far a run's steps got in one session: to an outcome, or to step {@code next}, before which
     * the run let go of the tenant because its events were not reaching the broker.
     */
    record Progress(RunOutcome outcome, int next) {
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
     * Applies the run's steps in order from index {@code from} on. Before each step, a run whose events
     * wait too long for the broker ({@link ReportBacklog#stalled}), or one of whose events failed to
     * get there, stops: cut off from the broker, it lets go of the tenant (another agent of its site
     * may be given its command meanwhile) and goes on later from the tenant's history as it is then,
     * or not at all when its events were lost.
     */
    Progress apply(int from) {
        history.ensure(connection);
        Map<Version, HistoryEntry> current = history.current(connection);
        List<Version> steps = context.run.steps();
        int singlyUntil = 0;
        for (int i = from; i < steps.size(); ) {
            if (backlog.stalled() || context.anyUnsent()) {
                return Progress.letGoBefore(i);
            }
            if (cancels.isCancelled(context.run.runId())) {
                context.failure = "cancelled before step " + steps.get(i);
                return Progress.finished(RunOutcome.CANCELLED);
            }
            List<StepGroup.Member> group = i < singlyUntil
                    ? List.of()
                    : StepGroup.from(current, plan, steps, i, config.stepsPerTransaction(), context, config.id());
            if (group.size() > 1) {
                StepOutcome outcome = applyGroup(group);
                if (outcome instanceof StepOutcome.Applied) {
                    i += group.size();
                    continue;
                }
                if (outcome instanceof StepOutcome.Failed failed && isCancelled(failed)) {
                    return Progress.finished(
                            context.stepStopped(group.getFirst().version(), failed, true));
                }
                // The group rolled back: its steps run one by one, so the one at fault is known, each
                // decided against the history as it is now, not as it was before the group (the group's
                // failure may have come after its commit, or the table changed meanwhile).
                singlyUntil = i + group.size();
                current = history.current(connection);
            }
            RunOutcome step = applyStep(current, steps.get(i));
            if (step != RunOutcome.SUCCEEDED) {
                return Progress.finished(step);
            }
            i++;
        }
        return Progress.finished(RunOutcome.SUCCEEDED);
    }

    private boolean isCancelled(StepOutcome.Failed failed) {
        return failed.byCancel() && cancels.isCancelled(context.run.runId());
    }

    /** Runs a group in one transaction; when it applied, every step of it is reported. */
    private StepOutcome applyGroup(List<StepGroup.Member> group) {
        StepStarted started =
                new StepStarted(context.run.runId(), group.getFirst().version(), context.run.direction());
        StepOutcome outcome;
        try (StepKeepAlive.Ticket alive = keepAlive.start(context.tenant, context.rollout, started, false)) {
            outcome = StepExecutor.runGroup(
                    connection,
                    history,
                    group.stream()
                            .map(member ->
                                    member.grouped(withDefaults(member.run().script())))
                            .toList(),
                    window);
        }
        if (outcome instanceof StepOutcome.Applied applied) {
            long each = applied.durationMs() / group.size();
            for (StepGroup.Member step : group) {
                context.emit(new StepSucceeded(
                        context.run.runId(),
                        step.version(),
                        context.run.direction(),
                        step.run().checksum(),
                        each,
                        false));
            }
        }
        return outcome;
    }

    private StepExecutor.Script withDefaults(StepExecutor.Script script) {
        return script.withDefaults(config.stepLockTimeout(), config.stepStatementTimeout());
    }

    /** Applies one step; {@code SUCCEEDED} when the run goes on, else how it ends. */
    private RunOutcome applyStep(Map<Version, HistoryEntry> current, Version version) {
        Direction direction = context.run.direction();
        Optional<PlanStep> step = StepGroup.stepOf(plan, version);
        if (step.isEmpty()) {
            context.fail(
                    version,
                    FailureCode.PLAN_UNAVAILABLE,
                    null,
                    "plan " + plan.planId() + " has no step " + version,
                    false);
            return RunOutcome.FAILED;
        }
        return switch (StepDecision.decide(current, step.get(), direction)) {
            case StepDecision.AlreadyDone done -> {
                context.emit(new StepSucceeded(
                        context.run.runId(), version, direction, done.checksum(), 0, true, done.appliedBy()));
                yield RunOutcome.SUCCEEDED;
            }
            case StepDecision.Refuse refuse -> {
                context.fail(version, refuse.code(), null, refuse.message(), refuse.dirty());
                yield RunOutcome.FAILED;
            }
            case StepDecision.Run toRun -> {
                StepOutcome outcome = runStep(step.get(), version, toRun);
                yield switch (outcome) {
                    case StepOutcome.Applied applied -> {
                        context.emit(new StepSucceeded(
                                context.run.runId(),
                                version,
                                direction,
                                toRun.checksum(),
                                applied.durationMs(),
                                false));
                        yield RunOutcome.SUCCEEDED;
                    }
                    case StepOutcome.Failed failed -> context.stepStopped(version, failed, isCancelled(failed));
                };
            }
        };
    }

    /** Executes a step the history says to run, reported alive while it runs. */
    private StepOutcome runStep(PlanStep step, Version version, StepDecision.Run toRun) {
        StepStarted started = new StepStarted(context.run.runId(), version, context.run.direction());
        boolean announced = keepAlive.announcesBefore(toRun.script().groupable());
        if (announced) {
            context.emit(started);
        }
        HistoryTable.StepRecord record = context.record(version, step, toRun.checksum(), config.id());
        try (StepKeepAlive.Ticket alive = keepAlive.start(context.tenant, context.rollout, started, announced)) {
            StepExecutor.Script script = withDefaults(toRun.script());
            return script.batch() == null
                    ? StepExecutor.run(connection, history, record, script, window)
                    : new BatchExecutor(
                                    connection,
                                    history,
                                    history.cursors(),
                                    record,
                                    script,
                                    alive::update,
                                    () -> cancels.isCancelled(context.run.runId()))
                            .run();
        }
    }
}
