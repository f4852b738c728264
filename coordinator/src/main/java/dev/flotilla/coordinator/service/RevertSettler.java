package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.plan.RollbackLayout;
import dev.flotilla.coordinator.rollout.Rollout;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.store.CellStore;
import dev.flotilla.coordinator.store.RollbackRuns;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.RunStore.PendingRun;
import dev.flotilla.model.catalog.Version;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settles a rollback's reverts as they are dispatched ({@link RollbackLayout#settle}): a tenant whose
 * forward run is still in flight waits for it to end; the others revert what the forward rollout
 * applied to them now, which may be less than was laid out when the rollback started. A revert left
 * with nothing to do ends as succeeded, one that cannot run ends as blocked, with why; both are
 * written here, before the engine counts the runs.
 */
@ApplicationScoped
public class RevertSettler {

    private final CatalogService catalog;

    public RevertSettler(CatalogService catalog) {
        this.catalog = catalog;
    }

    /**
     * Of a rollback's pending runs, those that may be sent now, each with the steps it reverts now.
     * Returns {@code pending} unchanged for a rollout that is not the rollback of another.
     */
    public List<PendingRun> settle(SqlClient tx, Rollout rollback, List<PendingRun> pending, Instant now) {
        if (rollback.undoes() == null || pending.isEmpty()) {
            return pending;
        }
        List<String> tenants = pending.stream().map(PendingRun::tenant).toList();
        Set<String> forwardInFlight = RollbackRuns.inFlightIn(tx, rollback.undoes(), tenants);
        Map<String, Set<Version>> applied = CellStore.appliedBy(tx, rollback.undoes(), tenants);
        Map<String, Set<Version>> appliedNow = CellStore.applied(tx, tenants);
        Map<String, String> needRepair = CellStore.needingRepair(tx, tenants);
        Set<Version> reversible = catalog.reversible();
        List<PendingRun> ready = new ArrayList<>();
        for (PendingRun run : pending) {
            if (forwardInFlight.contains(run.tenant())) {
                continue;
            }
            RollbackLayout.Revert revert = RollbackLayout.settle(
                    new RollbackLayout.Forward(
                            run.tenant(),
                            run.site(),
                            applied.getOrDefault(run.tenant(), Set.of()),
                            false,
                            List.of(),
                            appliedNow.getOrDefault(run.tenant(), Set.of()),
                            needRepair.get(run.tenant())),
                    run.steps(),
                    reversible,
                    rollback.allowIrreversible());
            if (revert.blockedBy() != null) {
                RunStore.setRunState(
                        tx, List.of(run.id()), RunState.PENDING.moveTo(RunState.BLOCKED), revert.blockedBy(), now);
            } else if (revert.steps().isEmpty()) {
                RunStore.setRunState(
                        tx,
                        List.of(run.id()),
                        RunState.PENDING.moveTo(RunState.SUCCEEDED),
                        "nothing to revert: the rollout it rolls back applied nothing here that is still applied",
                        now);
            } else {
                if (!revert.steps().equals(run.steps())) {
                    RunStore.setSteps(
                            tx, run.id(), revert.steps(), RollbackPlanner.revertMessage(null, revert.stoppedAbove()));
                }
                ready.add(new PendingRun(run.id(), run.tenant(), run.site(), run.wave(), revert.steps()));
            }
        }
        return ready;
    }
}
