package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.plan.Planner;
import dev.flotilla.coordinator.plan.RollbackLayout;
import dev.flotilla.coordinator.plan.RolloutLayout;
import dev.flotilla.coordinator.plan.RolloutPlan;
import dev.flotilla.coordinator.plan.Target;
import dev.flotilla.coordinator.rollout.Environment;
import dev.flotilla.coordinator.rollout.RolloutActionRefused;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.store.CellStore;
import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.RollbackRuns;
import dev.flotilla.coordinator.store.RunStore.NewRun;
import dev.flotilla.coordinator.store.TenantStore;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
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
    private final RolloutCreator creator;
    private final OutboxWakeUp relay;
    private final DatabaseClock time;
    private final Environment environment;

    public RolloutService(
            Db db,
            CatalogService catalog,
            RolloutCreator creator,
            OutboxWakeUp relay,
            DatabaseClock time,
            Environment environment) {
        this.db = db;
        this.catalog = catalog;
        this.creator = creator;
        this.relay = relay;
        this.time = time;
        this.environment = environment;
    }

    /**
     * Starts a rollout of {@code plan}: each tenant it selects goes to the first wave whose selector
     * matches it, with its own path from the version it is at.
     *
     * @throws UnknownTenantsException when a listed tenant is unknown
     * @throws RolloutActionRefused in a protected environment, when a plan going down or rolling back
     *     on its own does not confirm the environment's name
     */
    public UUID start(RolloutPlan plan, String actor) {
        UUID id = UUID.randomUUID();
        db.inTransaction(tx -> {
            Instant now = time.now(tx);
            Prepared prepared = prepare(tx, plan);
            if (!prepared.unknown().isEmpty()) {
                throw new UnknownTenantsException(prepared.unknown());
            }
            if (plan.onBreach().rollsBack()) {
                // Confirmed now, at the start: the rollback it may start later asks no one.
                environment.requireConfirmation(
                        "a plan with onBreach: rollback-wave (it rolls a breached wave back without asking)",
                        plan.confirm());
            }
            if (plan.direction() == Direction.DOWN) {
                environment.requireConfirmation("a plan going down", plan.confirm());
                List<String> reverting = prepared.layout().placements().stream()
                        .filter(p -> !p.steps().isEmpty())
                        .map(RolloutLayout.Placement::tenant)
                        .toList();
                Map<String, UUID> busy = RollbackRuns.busyElsewhere(tx, reverting, null);
                if (!busy.isEmpty()) {
                    throw RolloutActionRefused.conflict(RollbackPlanner.busyMessage(busy));
                }
            }
            if (!prepared.irreversible().isEmpty() && !plan.allowIrreversible()) {
                throw RolloutActionRefused.conflict(
                        "the plan cannot go down to " + describe(plan.target()).get("version")
                                + ": " + RollbackPlanner.describe(prepared.irreversible())
                                + "; allowIrreversible takes each of those tenants down to just above the"
                                + " irreversible step");
            }
            List<NewRun> runs = new ArrayList<>();
            for (RolloutLayout.Placement p : prepared.layout().placements()) {
                RunState state = RunState.initial(p.steps().size(), p.blockedBy());
                String message = RollbackPlanner.revertMessage(
                        p.blockedBy(), prepared.stoppedAbove().get(p.tenant()));
                runs.add(new NewRun(UUID.randomUUID(), p.tenant(), p.site(), p.wave(), p.steps(), state, message));
            }
            creator.create(
                    tx,
                    new RolloutCreator.NewRollout(
                            id,
                            prepared.migrations(),
                            describe(plan.target()),
                            prepared.targetVersion(),
                            plan.direction(),
                            null,
                            plan.concurrency(),
                            plan.failureBudget(),
                            plan.waves(),
                            runs,
                            actor,
                            plan.onBreach(),
                            plan.allowIrreversible(),
                            null),
                    now);
            return null;
        });
        LOGGER.infof(
                "rollout started rollout=%s target=%s waves=%d",
                id, describe(plan.target()), plan.waves().size());
        relay.wakeUp();
        return id;
    }

    /** The target as the API shows it. */
    static Map<String, String> describe(Target target) {
        return switch (target) {
            case Target.ToVersion version -> Map.of("version", version.version().text());
            case Target.ToRelease release -> Map.of("release", release.release().name());
            case Target.Batch batch -> Map.of("select", batch.text());
        };
    }

    /**
     * What a start of {@code plan} would do now, without doing it: each wave's tenants and steps, and
     * the tenants that cannot take part, with why.
     */
    public PlanPreview preview(RolloutPlan plan) {
        return db.inTransaction(tx -> {
            Prepared prepared = prepare(tx, plan);
            return PlanPreview.of(
                    plan,
                    prepared.layout(),
                    prepared.unknown(),
                    prepared.skipped(),
                    prepared.irreversible(),
                    prepared.stoppedAbove());
        });
    }

    /**
     * A plan laid out over the fleet as the coordinator knows it now.
     *
     * @param unknown listed tenants no agent reported
     * @param skipped per tenant, the earlier migrations its steps jump over (a custom batch may)
     * @param targetVersion up, the highest version of the plan; down, the version tenants go down to
     * @param irreversible down, per migration without a down script that a tenant would need to revert,
     *     those tenants; empty up
     * @param stoppedAbove down, per tenant whose revert stops above a migration without a down script,
     *     that migration; empty up
     */
    private record Prepared(
            List<Migration> migrations,
            RolloutLayout.Layout layout,
            List<String> unknown,
            Map<String, List<Version>> skipped,
            Version targetVersion,
            Map<Version, List<String>> irreversible,
            Map<String, Version> stoppedAbove) {}

    private Prepared prepare(SqlClient tx, RolloutPlan plan) {
        List<RolloutLayout.Tenant> tenants = TenantStore.forLayout(tx, plan.tenants());
        List<String> known = tenants.stream().map(RolloutLayout.Tenant::id).toList();
        List<String> unknown = plan.tenants().orElse(List.of()).stream()
                .filter(t -> !known.contains(t))
                .toList();
        Map<String, Set<Version>> applied = CellStore.applied(tx, known);
        if (plan.direction() == Direction.DOWN) {
            return prepareDown(plan, tenants, applied, CellStore.needingRepair(tx, known), unknown);
        }
        List<Migration> migrations = Planner.migrationsOf(catalog.catalog(), plan.target());
        RolloutLayout.Layout layout =
                RolloutLayout.lay(plan.waves(), migrations, tenants, applied, CellStore.needingRepair(tx, known));
        Map<String, List<Version>> skipped = new HashMap<>();
        for (RolloutLayout.Placement p : layout.placements()) {
            List<Version> gaps =
                    Planner.skipped(catalog.catalog(), p.steps(), applied.getOrDefault(p.tenant(), Set.of()));
            if (!gaps.isEmpty()) {
                skipped.put(p.tenant(), gaps);
            }
        }
        return new Prepared(
                migrations, layout, unknown, skipped, migrations.getLast().version(), Map.of(), Map.of());
    }

    /**
     * A down plan: each tenant reverts, highest first, what it has applied above the target version,
     * stopping above a migration without a down script (and then reverting nothing unless the plan
     * allows irreversible steps).
     */
    private Prepared prepareDown(
            RolloutPlan plan,
            List<RolloutLayout.Tenant> tenants,
            Map<String, Set<Version>> applied,
            Map<String, String> needRepair,
            List<String> unknown) {
        Version floor = ((Target.ToVersion) plan.target()).version();
        RollbackLayout.Layout back = RollbackLayout.lay(
                tenants.stream()
                        .map(t -> new RollbackLayout.Forward(
                                t.id(),
                                t.site(),
                                applied.getOrDefault(t.id(), Set.of()).stream()
                                        .filter(v -> v.compareTo(floor) > 0)
                                        .collect(Collectors.toSet()),
                                false,
                                List.of(),
                                applied.getOrDefault(t.id(), Set.of()),
                                null))
                        .toList(),
                catalog.reversible(),
                plan.allowIrreversible());
        Map<String, List<Version>> paths = new HashMap<>();
        Map<String, Version> stoppedAbove = new HashMap<>();
        for (RollbackLayout.Revert revert : back.reverts()) {
            paths.put(revert.tenant(), revert.steps());
            if (revert.stoppedAbove() != null) {
                stoppedAbove.put(revert.tenant(), revert.stoppedAbove());
            }
        }
        Set<Version> reverted = paths.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        List<Migration> migrations = catalog.catalog().migrations().stream()
                .filter(m -> reverted.contains(m.version()))
                .toList();
        RolloutLayout.Layout layout = RolloutLayout.place(plan.waves(), tenants, paths, needRepair);
        return new Prepared(migrations, layout, unknown, Map.of(), floor, back.irreversible(), stoppedAbove);
    }
}
