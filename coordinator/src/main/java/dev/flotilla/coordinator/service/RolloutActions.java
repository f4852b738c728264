package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.rollout.Change;
import dev.flotilla.coordinator.rollout.Environment;
import dev.flotilla.coordinator.rollout.OperatorDecisions;
import dev.flotilla.coordinator.rollout.OperatorRequest;
import dev.flotilla.coordinator.rollout.OperatorRequest.TenantRun;
import dev.flotilla.coordinator.rollout.RolloutSnapshot;
import dev.flotilla.coordinator.store.CellStore;
import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.OperatorRuns;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.model.catalog.Version;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What operators do to a rollout: pause, resume, cancel, approve the next wave, retry or skip a
 * tenant. Loads the rollout's snapshot and the facts the action needs, asks {@link OperatorDecisions}
 * (which refuses what the lifecycles do not allow, and what would go on while a rollback of the
 * rollout is open), writes the changes with their audit entry, and gives the rollout a turn of the
 * engine, all in one transaction.
 */
@ApplicationScoped
public class RolloutActions {

    private static final Logger LOGGER = Logger.getLogger(RolloutActions.class);

    private final Db db;
    private final WaveEngine engine;
    private final ChangeWriter writer;
    private final OutboxWakeUp relay;
    private final DatabaseClock time;
    private final Environment environment;

    public RolloutActions(
            Db db,
            WaveEngine engine,
            ChangeWriter writer,
            OutboxWakeUp relay,
            DatabaseClock time,
            Environment environment) {
        this.db = db;
        this.engine = engine;
        this.writer = writer;
        this.relay = relay;
        this.time = time;
        this.environment = environment;
    }

    /** No new runs until resumed; runs in flight finish. */
    public void pause(UUID id, String actor, String reason) {
        act(id, (tx, snapshot) -> new OperatorRequest.Pause(actor, reason));
    }

    /**
     * A paused or halted rollout runs again; a wave whose budget is still breached halts again at once.
     * Refused, like an approval or a retry, while a rollback of the rollout is open.
     */
    public void resume(UUID id, String actor, String reason) {
        act(id, (tx, snapshot) -> new OperatorRequest.Resume(actor, reason, openRollback(tx, id)));
    }

    /** Stops the rollout for good: pending runs are cancelled, runs in flight are told to stop before their next transaction. */
    public void cancel(UUID id, String actor, String reason) {
        act(id, (tx, snapshot) -> new OperatorRequest.Cancel(actor, reason));
    }

    /**
     * Approves the gate the rollout stands at.
     *
     * @param wave the wave the operator means to approve, if named; refused when it is not the one waiting
     * @param confirm the environment's name, which a protected environment requires; nullable
     */
    public void approve(UUID id, Optional<String> wave, String actor, String reason, String confirm) {
        act(
                id,
                (tx, snapshot) ->
                        new OperatorRequest.Approve(actor, reason, wave, environment, confirm, openRollback(tx, id)));
    }

    /** Runs a failed, cancelled or blocked tenant again, from the version it is at now. */
    public void retry(UUID id, String tenant, String actor, String reason) {
        act(id, (tx, snapshot) -> {
            List<String> tenants = List.of(tenant);
            Set<Version> applied = CellStore.applied(tx, tenants).getOrDefault(tenant, Set.of());
            return new OperatorRequest.Retry(
                    actor,
                    reason,
                    tenant,
                    runOf(tx, id, tenant),
                    CellStore.needingRepair(tx, tenants).get(tenant),
                    RolloutStore.planVersions(tx, snapshot.rollout().planId()),
                    applied,
                    UUID.randomUUID(),
                    openRollback(tx, id));
        });
    }

    /** Takes a tenant that is not in flight out of the rollout; the reason is required. */
    public void skip(UUID id, String tenant, String actor, String reason) {
        act(id, (tx, snapshot) -> new OperatorRequest.Skip(actor, reason, tenant, runOf(tx, id, tenant)));
    }

    /** The request an action makes, with the facts it needs loaded in the action's transaction. */
    @FunctionalInterface
    private interface Request {
        OperatorRequest load(SqlClient tx, RolloutSnapshot snapshot);
    }

    /** Loads, decides, writes and advances in one transaction, retried on a deadlock or serialization failure. */
    private void act(UUID id, Request request) {
        OperatorRequest done = db.inTransactionRetrying(3, tx -> {
            Instant now = time.now(tx);
            WaveEngine.Loaded loaded = engine.load(tx, id, now);
            OperatorRequest asked = request.load(tx, loaded.snapshot());
            List<Change> changes = OperatorDecisions.decide(loaded.snapshot(), asked, now);
            writer.write(tx, loaded.target(), changes, now);
            engine.advance(tx, id, now);
            return asked;
        });
        LOGGER.infof(
                "rollout action rollout=%s action=%s tenant=%s actor=%s reason=%s",
                id, done.action().code(), done.tenant(), done.actor(), done.reason());
        relay.wakeUp();
    }

    /** The rollback of the rollout that has not ended, if any: resume, approve and retry wait for it. */
    private static Optional<UUID> openRollback(SqlClient tx, UUID id) {
        return RolloutStore.openRollbackOf(tx, id);
    }

    private static Optional<TenantRun> runOf(SqlClient tx, UUID id, String tenant) {
        return OperatorRuns.ofTenant(tx, id, tenant);
    }
}
