package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.rollout.Change;
import dev.flotilla.coordinator.rollout.Notice;
import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.store.ActionStore;
import dev.flotilla.coordinator.store.OperatorRuns;
import dev.flotilla.coordinator.store.OutboxStore;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.RunStore.PendingRun;
import dev.flotilla.coordinator.store.WaveStore;
import dev.flotilla.model.wire.CancelRun;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.Topics;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes the core's changes of one rollout, and the commands they imply into the outbox, in the
 * caller's transaction. It decides nothing: each change is already checked against its lifecycle.
 *
 * <p>A wave's rollback is a new rollout whose first turn of the engine writes through this writer
 * again ({@link WaveRollbacks}, {@link RolloutCreator}, {@link WaveEngine}): the beans depend on each
 * other in a circle, which CDI resolves through the client proxies of application-scoped beans.
 */
@ApplicationScoped
public class ChangeWriter {

    private static final Logger LOGGER = Logger.getLogger(ChangeWriter.class);

    private final OutboxStore outbox;
    private final WaveRollbacks rollbacks;
    private final Notifications notifications;

    public ChangeWriter(OutboxStore outbox, WaveRollbacks rollbacks, Notifications notifications) {
        this.outbox = outbox;
        this.rollbacks = rollbacks;
        this.notifications = notifications;
    }

    /**
     * The rollout a batch of changes is about.
     *
     * @param direction the direction of the rollout's steps
     * @param runs the runs a dispatch or a re-send may name, by id, with what their commands need
     */
    public record Target(UUID rollout, String planId, Direction direction, Map<UUID, PendingRun> runs) {}

    /** Writes the changes, logging what they do with the rollout in the logging context ({@link LogContext}). */
    public void write(SqlClient tx, Target target, List<Change> changes, Instant now) {
        LogContext.about("rollout", target.rollout(), () -> writeAll(tx, target, changes, now));
    }

    private void writeAll(SqlClient tx, Target target, List<Change> changes, Instant now) {
        UUID id = target.rollout();
        // Who started the rollout goes into each tenant's history; read only when a run is sent.
        boolean sends =
                changes.stream().anyMatch(c -> c instanceof Change.RunsDispatched || c instanceof Change.RunResent);
        String starter = sends ? ActionStore.startedBy(tx, id) : null;
        // Whether it undoes another rollout, for the notice of its end; read only when it ends going down.
        boolean rollback = target.direction() == Direction.DOWN
                && changes.stream()
                        .anyMatch(c -> c instanceof Change.RolloutMoved m && m.to() == RolloutState.COMPLETED)
                && RolloutStore.find(tx, id).map(r -> r.undoes() != null).orElse(false);
        List<Notice> notices = new ArrayList<>();
        for (Change change : changes) {
            switch (change) {
                case Change.RolloutMoved moved -> {
                    RolloutStore.setState(tx, id, moved.to(), moved.reason(), now);
                    Logger.Level level = moved.to() == RolloutState.HALTED ? Logger.Level.WARN : Logger.Level.INFO;
                    LOGGER.logf(level, "rollout moved rollout=%s state=%s reason=%s", id, moved.to(), moved.reason());
                }
                case Change.Waiting waiting -> RolloutStore.setReason(tx, id, waiting.reason(), waiting.wakeAt());
                case Change.CurrentWave wave -> RolloutStore.setCurrentWave(tx, id, wave.position());
                case Change.WaveStarted wave -> {
                    WaveStore.started(tx, id, wave.position(), now);
                    LOGGER.infof("wave started rollout=%s wave=%s", id, wave.name());
                }
                case Change.WaveDone wave -> WaveStore.done(tx, id, wave.position(), wave.doneAt());
                case Change.WaveApproved wave -> WaveStore.approved(tx, id, wave.position(), wave.actor(), now);
                case Change.ApprovalAwaited awaited ->
                    LOGGER.infof("approval awaited rollout=%s wave=%s", id, awaited.wave());
                case Change.RunsDispatched dispatched -> {
                    for (UUID run : dispatched.runs()) {
                        outbox.appendRun(tx, id, target.planId(), target.direction(), runOf(target, run), starter, now);
                    }
                    RunStore.setRunState(tx, dispatched.runs(), RunState.DISPATCHED, null, now);
                }
                case Change.RunMoved moved -> {
                    RunStore.setRunState(tx, List.of(moved.run()), moved.to(), moved.message(), now);
                    PendingRun run = target.runs().get(moved.run());
                    if (moved.to() == RunState.FAILED && run != null) {
                        notices.add(Notice.tenantFailed(id, run.tenant(), run.id(), moved.message()));
                    }
                }
                case Change.PendingRunsMoved moved ->
                    OperatorRuns.settlePending(tx, id, moved.to(), moved.message(), now);
                case Change.InFlightRunsCancelled cancelled -> {
                    for (PendingRun run : OperatorRuns.inFlightRuns(tx, id)) {
                        outbox.append(
                                tx,
                                Topics.commands(run.site()),
                                run.tenant(),
                                Envelope.of(run.tenant(), id, now, new CancelRun(run.id(), cancelled.message())));
                    }
                }
                case Change.RunReopened reopened ->
                    OperatorRuns.reopen(tx, reopened.run(), reopened.newId(), reopened.steps(), reopened.to(), now);
                case Change.RunResent resent -> {
                    outbox.appendRun(
                            tx, id, target.planId(), target.direction(), runOf(target, resent.run()), starter, now);
                    RunStore.resent(tx, resent.run(), resent.message(), now);
                }
                case Change.RollBackWave breach -> rollbacks.start(tx, id, breach, now);
                case Change.Audited audited -> ActionStore.record(tx, id, audited.action());
            }
            Notice.of(id, rollback, change).ifPresent(notices::add);
        }
        notifications.record(tx, notices, now);
    }

    private static PendingRun runOf(Target target, UUID run) {
        PendingRun found = target.runs().get(run);
        if (found == null) {
            throw new IllegalArgumentException("run " + run + " of rollout " + target.rollout() + " was not loaded");
        }
        return found;
    }
}
