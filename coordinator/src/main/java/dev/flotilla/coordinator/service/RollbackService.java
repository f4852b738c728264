package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.plan.RollbackLayout;
import dev.flotilla.coordinator.plan.WaveSpec;
import dev.flotilla.coordinator.rollout.ActionRecord;
import dev.flotilla.coordinator.rollout.Environment;
import dev.flotilla.coordinator.rollout.OperatorDecisions;
import dev.flotilla.coordinator.rollout.OperatorRequest;
import dev.flotilla.coordinator.rollout.Rollout;
import dev.flotilla.coordinator.rollout.RolloutAction;
import dev.flotilla.coordinator.rollout.RolloutActionRefused;
import dev.flotilla.coordinator.rollout.RunState;
import dev.flotilla.coordinator.rollout.Wave;
import dev.flotilla.coordinator.store.ActionStore;
import dev.flotilla.coordinator.store.CellStore;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.RollbackRuns;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.coordinator.store.RunStore.NewRun;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Rolls a rollout back: a new rollout, direction down, that reverts in each tenant what the rollout
 * applied to it ({@link RollbackLayout}), under the rollout's own concurrency and failure budget. A
 * rollout that is still running is cancelled first, in the same transaction: its pending runs never
 * start, and the agent runs a tenant's revert only after that tenant's forward run stopped, since it
 * works one command at a time per tenant.
 */
@ApplicationScoped
public class RollbackService {

    private static final Logger LOGGER = Logger.getLogger(RollbackService.class);
    private static final WaveSpec ONE_WAVE = new WaveSpec("rollback", "*", OptionalInt.empty(), Duration.ZERO, false);

    private final Db db;
    private final CatalogService catalog;
    private final RolloutCreator creator;
    private final WaveEngine engine;
    private final ChangeWriter writer;
    private final OutboxWakeUp relay;
    private final Clock clock;
    private final Environment environment;

    public RollbackService(
            Db db,
            CatalogService catalog,
            RolloutCreator creator,
            WaveEngine engine,
            ChangeWriter writer,
            OutboxWakeUp relay,
            Clock clock,
            Environment environment) {
        this.db = db;
        this.catalog = catalog;
        this.creator = creator;
        this.engine = engine;
        this.writer = writer;
        this.relay = relay;
        this.clock = clock;
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
            Prepared prepared = prepare(tx, rollout, request);
            return new Preview(prepared.layout(), refusal(tx, prepared, request).orElse(null));
        });
    }

    /**
     * Starts the rollback and returns its id.
     *
     * @throws RolloutActionRefused when the rollout is unknown or a rollback itself, the wave unknown,
     *     an irreversible step blocks it, or it applied nothing to revert
     */
    public UUID start(UUID rollout, Request request) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        environment.requireConfirmation("a rollback", request.confirm());
        db.inTransactionRetrying(3, tx -> {
            Prepared prepared = prepare(tx, rollout, request);
            refusal(tx, prepared, request).ifPresent(why -> {
                throw RolloutActionRefused.conflict(why);
            });
            cancelIfRunning(tx, prepared.forward(), id, request, now);
            creator.create(tx, newRollout(id, prepared, request), now);
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

    private record Prepared(Rollout forward, RollbackLayout.Layout layout) {

        /** Every version some tenant reverts, lowest first. */
        TreeSet<Version> reverted() {
            return layout.reverts().stream()
                    .flatMap(r -> r.steps().stream())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * Why the rollback cannot start now, if it cannot: an irreversible step not allowed, nothing to
     * revert, a rollback of the rollout still open, or tenants with work still to finish in another
     * rollout (their queued steps would run after the revert).
     */
    private static Optional<String> refusal(SqlClient tx, Prepared prepared, Request request) {
        UUID id = prepared.forward().id();
        RollbackLayout.Layout layout = prepared.layout();
        if (layout.blocked(request.allowIrreversible())) {
            return Optional.of("rollout " + id + " cannot be rolled back: " + describe(layout.irreversible())
                    + "; allowIrreversible reverts each of those tenants down to just above the irreversible step");
        }
        if (prepared.reverted().isEmpty()) {
            return Optional.of("rollout " + id + " applied nothing that can be reverted"
                    + request.wave().map(w -> " in wave " + w).orElse(""));
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

    /** Tenants that another rollout still has work for, and which rollout. */
    static String busyMessage(Map<String, UUID> busy) {
        return "tenants still have work in other rollouts: "
                + busy.entrySet().stream()
                        .map(e -> e.getKey() + " (rollout " + e.getValue() + ")")
                        .collect(Collectors.joining(", "))
                + "; cancel or finish those first";
    }

    private Prepared prepare(SqlClient tx, UUID id, Request request) {
        WaveEngine.Loaded loaded = engine.load(tx, id);
        Rollout forward = loaded.snapshot().rollout();
        if (forward.direction() == Direction.DOWN) {
            throw RolloutActionRefused.conflict(
                    "rollout " + id + " is itself a rollback; start a rollout to" + " re-apply what it reverted");
        }
        OptionalInt wave = waveOf(loaded.snapshot().waves(), request.wave(), id);
        Map<String, Set<Version>> applied = CellStore.appliedBy(tx, id);
        List<RollbackRuns.TenantRun> runs = RollbackRuns.ofRollout(tx, id).stream()
                .filter(run -> wave.isEmpty() || run.wave() == wave.getAsInt())
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
        return new Prepared(forward, RollbackLayout.lay(tenants, catalog.reversible(), request.allowIrreversible()));
    }

    private static OptionalInt waveOf(List<Wave> waves, Optional<String> name, UUID rollout) {
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

    /** A rollout that could still dispatch is cancelled, so none of its tenants starts a step after the revert. */
    private void cancelIfRunning(SqlClient tx, Rollout forward, UUID rollback, Request request, Instant now) {
        if (!forward.state().allows(RolloutAction.CANCEL)) {
            return;
        }
        WaveEngine.Loaded loaded = engine.load(tx, forward.id());
        OperatorRequest cancel = new OperatorRequest.Cancel(request.actor(), "rolled back by " + rollback);
        writer.write(tx, loaded.target(), OperatorDecisions.decide(loaded.snapshot(), cancel, now), now);
    }

    private RolloutCreator.NewRollout newRollout(UUID id, Prepared prepared, Request request) {
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
                        r.blockedBy() != null
                                ? r.blockedBy()
                                : r.stoppedAbove() == null
                                        ? null
                                        : "stops above " + r.stoppedAbove() + ", which has no down script"))
                .toList();
        Map<String, String> target = new LinkedHashMap<>();
        target.put("rollback", prepared.forward().id().toString());
        request.wave().ifPresent(wave -> target.put("wave", wave));
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
                request.actor());
    }

    /** Names each irreversible migration and the tenants that would need it reverted. */
    static String describe(Map<Version, List<String>> irreversible) {
        return irreversible.entrySet().stream()
                .map(e -> e.getKey() + " has no down script (needed by " + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining("; "));
    }
}
