package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.plan.RollbackLayout;
import dev.flotilla.coordinator.rollout.ActionRecord;
import dev.flotilla.coordinator.rollout.Environment;
import dev.flotilla.coordinator.rollout.OperatorDecisions;
import dev.flotilla.coordinator.rollout.OperatorRequest;
import dev.flotilla.coordinator.rollout.Rollout;
import dev.flotilla.coordinator.rollout.RolloutAction;
import dev.flotilla.coordinator.rollout.RolloutActionRefused;
import dev.flotilla.coordinator.store.ActionStore;
import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.Db;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Rolls a rollout back: a new rollout, direction down, that reverts in each tenant what the rollout
 * applied to it ({@link RollbackPlanner}), under the rollout's own concurrency and failure budget. A
 * rollout that is still running is cancelled first, in the same transaction: its pending runs never
 * start, and the agent runs a tenant's revert only after that tenant's forward run stopped, since it
 * works one command at a time per tenant.
 */
@ApplicationScoped
public class RollbackService {

    private static final Logger LOGGER = Logger.getLogger(RollbackService.class);

    private final Db db;
    private final RollbackPlanner planner;
    private final RolloutCreator creator;
    private final WaveEngine engine;
    private final ChangeWriter writer;
    private final OutboxWakeUp relay;
    private final DatabaseClock time;
    private final Environment environment;

    public RollbackService(
            Db db,
            RollbackPlanner planner,
            RolloutCreator creator,
            WaveEngine engine,
            ChangeWriter writer,
            OutboxWakeUp relay,
            DatabaseClock time,
            Environment environment) {
        this.db = db;
        this.planner = planner;
        this.creator = creator;
        this.engine = engine;
        this.writer = writer;
        this.relay = relay;
        this.time = time;
        this.environment = environment;
    }

    /**
     * What to roll back.
     *
     * @param wave only the tenants of this wave of the rollout; empty for all of them
     * @param confirm the environment's name, which a protected environment requires; nullable
     * @param allowIrreversible revert down to just above an irreversible step rather than refuse (any
     *     operator may ask for it until roles exist)
     */
    public record Request(
            Optional<String> wave, boolean allowIrreversible, String actor, String reason, String confirm) {}

    /**
     * What a rollback would do now.
     *
     * @param refusal why it would be refused; null when it would start
     */
    public record Preview(RollbackLayout.Layout layout, String refusal) {}

    /** What a rollback would do now, without doing it. */
    public Preview preview(UUID rollout, Request request) {
        return db.inTransaction(tx -> {
            RollbackPlanner.Prepared prepared = prepare(tx, rollout, request);
            return new Preview(prepared.layout(), planner.refusal(tx, prepared).orElse(null));
        });
    }

    /**
     * Starts the rollback and returns its id.
     *
     * @throws RolloutActionRefused when the rollout is unknown or a rollback itself, the wave unknown,
     *     an irreversible step blocks it, or it applied nothing to revert
     */
    public UUID start(UUID rollout, Request request) {
        UUID id = UUID.randomUUID();
        environment.requireConfirmation("a rollback", request.confirm());
        db.inTransactionRetrying(3, tx -> {
            Instant now = time.now(tx);
            RollbackPlanner.Prepared prepared = prepare(tx, rollout, request);
            planner.refusal(tx, prepared).ifPresent(why -> {
                throw RolloutActionRefused.conflict(why);
            });
            cancelIfRunning(tx, prepared.forward(), id, request, now);
            creator.create(tx, planner.newRollout(id, prepared, request.actor(), request.reason()), now);
            ActionStore.record(
                    tx, rollout, new ActionRecord(now, request.actor(), "rollback", null, "rolled back by " + id));
            return null;
        });
        LOGGER.infof(
                "rollback started rollback=%s rollout=%s wave=%s actor=%s",
                id, rollout, request.wave().orElse(null), request.actor());
        relay.wakeUp();
        return id;
    }

    private RollbackPlanner.Prepared prepare(SqlClient tx, UUID rollout, Request request) {
        return planner.prepare(tx, rollout, request.wave(), request.allowIrreversible());
    }

    /** A rollout that could still dispatch is cancelled, so none of its tenants starts a step after the revert. */
    private void cancelIfRunning(SqlClient tx, Rollout forward, UUID rollback, Request request, Instant now) {
        if (!forward.state().allows(RolloutAction.CANCEL)) {
            return;
        }
        WaveEngine.Loaded loaded = engine.load(tx, forward.id(), now);
        OperatorRequest cancel = new OperatorRequest.Cancel(request.actor(), "rolled back by " + rollback);
        writer.write(tx, loaded.target(), OperatorDecisions.decide(loaded.snapshot(), cancel, now), now);
    }
}
