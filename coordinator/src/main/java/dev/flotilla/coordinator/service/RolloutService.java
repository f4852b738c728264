package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.messaging.OutboxRelay;
import dev.flotilla.coordinator.plan.Planner;
import dev.flotilla.coordinator.rollout.RolloutDecisions;
import dev.flotilla.coordinator.rollout.RolloutState;
import dev.flotilla.coordinator.rollout.RunCounts;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.store.CellStore;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.OutboxStore;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RolloutStore.RolloutRow;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.RunStore.NewRun;
import dev.flotilla.coordinator.store.RunStore.PendingRun;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.Topics;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Starts rollouts and keeps them moving: every decision is written in the same transaction as the
 * commands it sends (outbox), and the relay publishes them after commit.
 */
@ApplicationScoped
public class RolloutService {

    private static final Logger LOGGER = Logger.getLogger(RolloutService.class);

    private final Db db;
    private final CatalogService catalog;
    private final OutboxStore outbox;
    private final OutboxRelay relay;
    private final PlanSigner signer;
    private final Clock clock;

    public RolloutService(
            Db db, CatalogService catalog, OutboxStore outbox, OutboxRelay relay, PlanSigner signer, Clock clock) {
        this.db = db;
        this.catalog = catalog;
        this.outbox = outbox;
        this.relay = relay;
        this.signer = signer;
        this.clock = clock;
    }

    /**
     * Starts a rollout to {@code target} for {@code tenants} (empty: every known tenant).
     *
     * @throws UnknownTenantsException when a listed tenant is unknown
     */
    public UUID start(Version target, Optional<List<String>> tenants, int maxParallel) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        db.inTransaction(tx -> {
            Map<String, String> sites = sites(tx, tenants);
            List<String> selected = List.copyOf(sites.keySet());
            Map<String, Set<Version>> applied = CellStore.applied(tx, selected);
            Map<String, String> needRepair = CellStore.needingRepair(tx, selected);
            PlanPublished plan = signer.sign(Planner.planUpTo(catalog.catalog(), target));
            if (RolloutStore.storePlan(tx, plan, target.text(), now)) {
                outbox.append(tx, Topics.PLANS, plan.planId(), Envelope.of(null, null, now, plan));
            }
            RolloutStore.insertRollout(
                    tx, new RolloutRow(id, plan.planId(), target.text(), RolloutState.RUNNING, maxParallel, now, null));
            List<NewRun> runs = new ArrayList<>();
            sites.forEach((tenant, site) -> {
                List<String> steps = Planner.pathUp(catalog.catalog(), target, applied.get(tenant));
                String blockedBy = needRepair.get(tenant);
                RunState state = RolloutDecisions.initialRunState(steps.size(), blockedBy);
                runs.add(new NewRun(UUID.randomUUID(), tenant, site, steps, state, blockedBy));
            });
            RunStore.insertRuns(tx, id, runs, now);
            dispatch(tx, id, now);
            return null;
        });
        LOGGER.infof("rollout started rollout=%s target=%s maxParallel=%d", id, target, maxParallel);
        relay.wakeUp();
        return id;
    }

    /**
     * Fills free slots of a rollout with pending runs and settles its state. Runs inside the caller's
     * transaction, with the rollout row locked so concurrent callers cannot over-dispatch.
     */
    public void dispatch(SqlClient tx, UUID rolloutId, Instant now) {
        RolloutRow rollout = RolloutStore.lock(tx, rolloutId).orElseThrow();
        RunCounts counts = RunStore.counts(tx, rolloutId);
        int slots = RolloutDecisions.slotsToFill(rollout.state(), counts, rollout.maxParallel());
        if (slots > 0) {
            List<PendingRun> runs = RunStore.pending(tx, rolloutId, slots);
            for (PendingRun run : runs) {
                outbox.appendRun(tx, rolloutId, rollout.planId(), run, now);
            }
            RunStore.setRunState(tx, runs.stream().map(PendingRun::id).toList(), RunState.DISPATCHED, null, now);
            counts = RunStore.counts(tx, rolloutId);
        }
        RolloutState next = RolloutDecisions.stateAfter(rollout.state(), counts);
        if (next != rollout.state()) {
            RolloutStore.setState(tx, rolloutId, next, now);
            LOGGER.infof("rollout finished rollout=%s state=%s", rolloutId, next);
        }
    }

    private static Map<String, String> sites(SqlClient tx, Optional<List<String>> tenants) {
        Map<String, String> sites = new LinkedHashMap<>();
        for (Row row : Db.query(
                tx,
                "select tenant_id, site from tenants where $1::text[] is null or tenant_id = any($1) order by tenant_id",
                Tuple.of(tenants.map(t -> t.toArray(String[]::new)).orElse(null)))) {
            sites.put(row.getString(0), row.getString(1));
        }
        List<String> unknown = tenants.orElse(List.of()).stream()
                .filter(t -> !sites.containsKey(t))
                .toList();
        if (!unknown.isEmpty()) {
            throw new UnknownTenantsException(unknown);
        }
        return sites;
    }
}
