package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.rollout.Change;
import dev.flotilla.coordinator.rollout.Rollout;
import dev.flotilla.coordinator.rollout.RolloutActionRefused;
import dev.flotilla.coordinator.rollout.RolloutEngine;
import dev.flotilla.coordinator.rollout.RolloutSnapshot;
import dev.flotilla.coordinator.store.RepairStore;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.RunStore.PendingRun;
import dev.flotilla.coordinator.store.TenantGuard;
import dev.flotilla.coordinator.store.WaveStore;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Gives a rollout a turn of the engine: loads its snapshot (locking the rollout row, so dispatch
 * decisions do not race), asks {@link RolloutEngine#decide} and writes the changes, with the commands
 * they send, in the caller's transaction.
 */
@ApplicationScoped
public class WaveEngine {

    private final ChangeWriter writer;
    private final RevertSettler reverts;

    public WaveEngine(ChangeWriter writer, RevertSettler reverts) {
        this.writer = writer;
        this.reverts = reverts;
    }

    /**
     * Moves the rollout as far as its gates allow now. What is logged meanwhile carries the rollout's
     * id in the logging context ({@code rollout}, a field of its own in JSON logs).
     *
     * @throws RolloutActionRefused (not found) when there is no such rollout
     */
    public void advance(SqlClient tx, UUID id, Instant now) {
        LogContext.about("rollout", id, () -> {
            Loaded loaded = load(tx, id, now);
            List<Change> changes = RolloutEngine.decide(loaded.snapshot(), now);
            writer.write(tx, loaded.target(), changes, now);
        });
    }

    /** A locked rollout's snapshot, and the pending runs it names, for the writer. */
    record Loaded(RolloutSnapshot snapshot, ChangeWriter.Target target) {}

    /**
     * Loads the rollout's snapshot, locking its row. Pending runs are loaded only for a rollout that
     * dispatches; a rollback's are settled first ({@link RevertSettler}), before the runs are counted.
     *
     * @throws RolloutActionRefused (not found) when there is no such rollout
     */
    Loaded load(SqlClient tx, UUID id, Instant now) {
        Rollout rollout =
                RolloutStore.lock(tx, id).orElseThrow(() -> RolloutActionRefused.notFound("no rollout " + id));
        List<PendingRun> pending = rollout.state().dispatches()
                ? reverts.settle(
                        tx,
                        rollout,
                        withoutOpenRepairs(
                                tx,
                                RunStore.pending(
                                        tx,
                                        id,
                                        rollout.sites(),
                                        rollout.concurrency().perSite())),
                        now)
                : List.of();
        RolloutSnapshot snapshot = new RolloutSnapshot(
                rollout,
                WaveStore.waves(tx, id),
                RunStore.countsByWave(tx, id),
                RunStore.inFlight(tx, id),
                pending.stream()
                        .map(run -> new RolloutSnapshot.Queued(run.id(), run.wave(), run.site()))
                        .toList());
        Map<UUID, PendingRun> byId = pending.stream().collect(Collectors.toMap(PendingRun::id, Function.identity()));
        return new Loaded(snapshot, new ChangeWriter.Target(id, rollout.planId(), rollout.direction(), byId));
    }

    /**
     * The runs a dispatch may send, holding their tenants' guards until the transaction ends: a repair
     * asked for since the pending runs were read is seen now, and its tenant's run waits for it.
     */
    private static List<PendingRun> withoutOpenRepairs(SqlClient tx, List<PendingRun> pending) {
        if (pending.isEmpty()) {
            return pending;
        }
        Set<String> tenants = pending.stream().map(PendingRun::tenant).collect(Collectors.toSet());
        TenantGuard.shared(tx, tenants);
        Set<String> repairing = RepairStore.openAmong(tx, tenants);
        return repairing.isEmpty()
                ? pending
                : pending.stream()
                        .filter(run -> !repairing.contains(run.tenant()))
                        .toList();
    }
}
