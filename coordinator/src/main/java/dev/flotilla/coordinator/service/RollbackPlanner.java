package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.plan.OnBreach;
import dev.flotilla.coordinator.plan.RollbackLayout;
import dev.flotilla.coordinator.plan.WaveSpec;
import dev.flotilla.coordinator.rollout.Rollout;
import dev.flotilla.coordinator.rollout.RolloutActionRefused;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.rollout.Wave;
import dev.flotilla.coordinator.store.CellStore;
import dev.flotilla.coordinator.store.RollbackRuns;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RunStore.NewRun;
import dev.flotilla.coordinator.store.WaveStore;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Lays out the rollback of a rollout, or of one wave of it, in the caller's transaction: loads what
 * each tenant applied, asks {@link RollbackLayout}, says why the rollback cannot start, if it cannot,
 * and builds the rollback rollout. Shared by the operator's rollback ({@link RollbackService}) and the
 * automatic one of a breached wave ({@link WaveRollbacks}), so both revert the same way.
 */
@ApplicationScoped
public class RollbackPlanner {

    private static final WaveSpec ONE_WAVE = new WaveSpec("rollback", "*", OptionalInt.empty(), Duration.ZERO, false);

    private final CatalogService catalog;

    public RollbackPlanner(CatalogService catalog) {
        this.catalog = catalog;
    }

    /**
     * A rollback laid out.
     *
     * @param wave the name of the wave rolled back; empty for the whole rollout
     */
    public record Prepared(
            Rollout forward, Optional<String> wave, boolean allowIrreversible, RollbackLayout.Layout layout) {

        /** Every version some tenant reverts, lowest first. */
        TreeSet<Version> reverted() {
            return layout.reverts().stream()
                    .flatMap(r -> r.steps().stream())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * Lays out the rollback of rollout {@code id} (locking its row), or of its wave named {@code wave}.
     *
     * @param allowIrreversible revert down to just above an irreversible step rather than refuse
     * @throws RolloutActionRefused when the rollout is unknown or itself a rollback, or the wave unknown
     */
    public Prepared prepare(SqlClient tx, UUID id, Optional<String> wave, boolean allowIrreversible) {
        Rollout forward =
                RolloutStore.lock(tx, id).orElseThrow(() -> RolloutActionRefused.notFound("no rollout " + id));
        if (forward.direction() == Direction.DOWN) {
            throw RolloutActionRefused.conflict(
                    "rollout " + id + " is itself a rollback; start a rollout to re-apply what it reverted");
        }
        OptionalInt position = positionOf(WaveStore.waves(tx, id), wave, id);
        Map<String, Set<Version>> applied = CellStore.appliedBy(tx, id, null);
        List<RollbackRuns.TenantRun> runs = RollbackRuns.ofRollout(tx, id).stream()
                .filter(run -> position.isEmpty() || run.wave() == position.getAsInt())
                .toList();
        List<String> ids = runs.stream().map(RollbackRuns.TenantRun::tenant).toList();
        Map<String, Set<Version>> appliedNow = CellStore.applied(tx, ids);
        Map<String, String> needRepair = CellStore.needingRepair(tx, ids);
        List<RollbackLayout.Forward> tenants = runs.stream()
                .map(run -> new RollbackLayout.Forward(
                        run.tenant(),
                        run.site(),
                        applied.getOrDefault(run.tenant(), Set.of()),
                        run.state().inFlight(),
                        run.steps(),
                        appliedNow.getOrDefault(run.tenant(), Set.of()),
                        needRepair.get(run.tenant())))
                .toList();
        return new Prepared(
                forward, wave, allowIrreversible, RollbackLayout.lay(tenants, catalog.reversible(), allowIrreversible));
    }

    /**
     * Why the rollback cannot start now, if it cannot: an irreversible step not allowed, nothing to
     * revert, a rollback of the rollout still open, or tenants with work still to finish in another
     * rollout (their queued steps would run after the revert).
     */
    public Optional<String> refusal(SqlClient tx, Prepared prepared) {
        UUID id = prepared.forward().id();
        RollbackLayout.Layout layout = prepared.layout();
        if (layout.blocked(prepared.allowIrreversible())) {
            return Optional.of("rollout " + id + " cannot be rolled back: " + describe(layout.irreversible())
                    + "; allowIrreversible reverts each of those tenants down to just above the irreversible step");
        }
        if (prepared.reverted().isEmpty()) {
            return Optional.of("rollout " + id + " applied nothing that can be reverted"
                    + prepared.wave().map(w -> " in wave " + w).orElse(""));
        }
        Optional<UUID> open = RolloutStore.openRollbackOf(tx, id);
        if (open.isPresent()) {
            return Optional.of("rollout " + id + " is already being rolled back by " + open.get());
        }
        List<String> reverting = layout.reverts().stream()
                .filter(r -> !r.steps().isEmpty())
                .map(RollbackLayout.Revert::tenant)
                .toList();
        Map<String, UUID> busy = RollbackRuns.busyElsewhere(tx, reverting, id);
        if (!busy.isEmpty()) {
            return Optional.of(busyMessage(busy));
        }
        return Optional.empty();
    }

    /**
     * The rollback rollout {@code id}: one wave, direction down, undoing the forward rollout under its
     * own concurrency and failure budget; a tenant with nothing to revert gets no run.
     *
     * @param reason why, for the rollback's audit trail; nullable
     */
    public RolloutCreator.NewRollout newRollout(UUID id, Prepared prepared, String actor, String reason) {
        TreeSet<Version> reverted = prepared.reverted();
        List<Migration> migrations = catalog.catalog().migrations().stream()
                .filter(m -> reverted.contains(m.version()))
                .toList();
        List<NewRun> runs = prepared.layout().reverts().stream()
                .map(r -> new NewRun(
                        UUID.randomUUID(),
                        r.tenant(),
                        r.site(),
                        0,
                        r.steps(),
                        RunState.initial(r.steps().size(), r.blockedBy()),
                        revertMessage(r.blockedBy(), r.stoppedAbove())))
                .toList();
        Map<String, String> target = new LinkedHashMap<>();
        target.put("rollback", prepared.forward().id().toString());
        prepared.wave().ifPresent(wave -> target.put("wave", wave));
        Rollout forward = prepared.forward();
        return new RolloutCreator.NewRollout(
                id,
                migrations,
                target,
                reverted.first(),
                Direction.DOWN,
                forward.id(),
                forward.concurrency(),
                forward.budget(),
                List.of(ONE_WAVE),
                runs,
                actor,
                OnBreach.HALT,
                prepared.allowIrreversible(),
                reason);
    }

    /**
     * What a revert's run says from the start: why it is blocked, else which irreversible step it stops
     * above (the rollout's {@code notes} show it); null when neither.
     */
    static String revertMessage(String blockedBy, Version stoppedAbove) {
        if (blockedBy != null) {
            return blockedBy;
        }
        return stoppedAbove == null ? null : "stops above " + stoppedAbove + ", which has no down script";
    }

    /** Tenants that another rollout still has work for, and which rollout. */
    static String busyMessage(Map<String, UUID> busy) {
        return "tenants still have work in other rollouts: "
                + busy.entrySet().stream()
                        .map(e -> e.getKey() + " (rollout " + e.getValue() + ")")
                        .collect(Collectors.joining(", "))
                + "; cancel or finish those first";
    }

    /** Names each irreversible migration and the tenants that would need it reverted. */
    static String describe(Map<Version, List<String>> irreversible) {
        return irreversible.entrySet().stream()
                .map(e -> e.getKey() + " has no down script (needed by " + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining("; "));
    }

    private static OptionalInt positionOf(List<Wave> waves, Optional<String> name, UUID rollout) {
        if (name.isEmpty()) {
            return OptionalInt.empty();
        }
        int position = waves.stream()
                .filter(w -> w.name().equals(name.get()))
                .mapToInt(Wave::position)
                .findFirst()
                .orElseThrow(() -> RolloutActionRefused.notFound("rollout " + rollout + " has no wave " + name.get()));
        return OptionalInt.of(position);
    }
}
