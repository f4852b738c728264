package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.rollout.ActionRecord;
import dev.flotilla.coordinator.rollout.Change;
import dev.flotilla.coordinator.rollout.RolloutActionRefused;
import dev.flotilla.coordinator.store.ActionStore;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.WaveStore;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The automatic rollback of a wave that breached its failure budget under {@code onBreach:
 * rollback-wave}: the same rollback an operator would start for that wave ({@link RollbackPlanner}),
 * started by {@code flotilla} in the transaction that halts the rollout. The halted rollout stays
 * halted (an operator decides what comes next), and it says in its reason and actions which rollback
 * undoes the wave, or why none could start: then nothing is reverted, and an operator rolls the wave
 * back by hand or not at all.
 *
 * <p>No confirmation is asked for here, in a protected environment either: the plan confirmed the
 * environment when it started ({@link RolloutService#start}).
 */
@ApplicationScoped
public class WaveRollbacks {

    private static final Logger LOGGER = Logger.getLogger(WaveRollbacks.class);

    private final RollbackPlanner planner;
    private final RolloutCreator creator;

    public WaveRollbacks(RollbackPlanner planner, RolloutCreator creator) {
        this.planner = planner;
        this.creator = creator;
    }

    /**
     * Starts the rollback of the breached wave of {@code rollout}, with its first runs, or records why
     * it cannot start; either way the wave's rollback has been asked for and is not asked again.
     *
     * @return the rollback's id; empty when it could not start
     */
    public Optional<UUID> start(SqlClient tx, UUID rollout, Change.RollBackWave breach, Instant now) {
        WaveStore.rollbackAsked(tx, rollout, breach.position(), now);
        String breached = "wave " + breach.wave() + " breached its failure budget (onBreach: rollback-wave)";
        RollbackPlanner.Prepared prepared;
        Optional<String> refusal;
        try {
            prepared = planner.prepare(tx, rollout, Optional.of(breach.wave()), breach.allowIrreversible());
            refusal = planner.refusal(tx, prepared);
        } catch (RolloutActionRefused e) {
            prepared = null;
            refusal = Optional.of(e.getMessage());
        }
        if (refusal.isPresent()) {
            String why = breached + ", but its automatic rollback could not start: " + refusal.get()
                    + "; the rollout stays halted (roll the wave back by hand: rollback --rollout " + rollout
                    + " --wave " + breach.wave() + ")";
            ActionStore.record(tx, rollout, new ActionRecord(now, ActionRecord.ENGINE, "rollback-refused", null, why));
            RolloutStore.setReason(tx, rollout, breach.reason() + "; no automatic rollback: " + refusal.get(), null);
            LOGGER.warnf(
                    "automatic rollback refused rollout=%s wave=%s reason=%s", rollout, breach.wave(), refusal.get());
            return Optional.empty();
        }
        UUID id = UUID.randomUUID();
        creator.create(tx, planner.newRollout(id, prepared, ActionRecord.ENGINE, breached), now);
        ActionStore.record(
                tx,
                rollout,
                new ActionRecord(now, ActionRecord.ENGINE, "rollback", null, breached + ": rolled back by " + id));
        RolloutStore.setReason(tx, rollout, breach.reason() + "; rolled back automatically by " + id, null);
        LOGGER.warnf("automatic rollback started rollback=%s rollout=%s wave=%s", id, rollout, breach.wave());
        return Optional.of(id);
    }
}
