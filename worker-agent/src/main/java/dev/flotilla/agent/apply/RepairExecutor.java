package dev.flotilla.agent.apply;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.history.HistoryEntry;
import dev.flotilla.agent.history.HistoryTable;
import dev.flotilla.agent.tenants.TenantConnector;
import dev.flotilla.agent.tenants.TenantDirectory;
import dev.flotilla.agent.tenants.TenantTarget;
import dev.flotilla.agent.tenants.TenantUnreachableException;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Direction;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.RepairFinished;
import dev.flotilla.model.wire.RepairOutcome;
import dev.flotilla.model.wire.RepairTenant;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Executes one {@link RepairTenant} under the tenant's lock: reads the history and the indexes on the
 * tables the step builds indexes on, asks {@link RepairDecision}, and carries it out. Ends with a
 * {@link RepairFinished} and an inventory of the tenant, so the coordinator's cell follows what the
 * history now says. Blocks; runs on the tenant's work queue.
 */
@ApplicationScoped
public class RepairExecutor {

    private static final Logger LOGGER = Logger.getLogger(RepairExecutor.class);

    private final AgentConfig config;
    private final TenantDirectory directory;
    private final TenantConnector connector;
    private final PlanCache plans;
    private final EventSink events;
    private final InventoryReporter inventory;

    public RepairExecutor(
            AgentConfig config,
            TenantDirectory directory,
            TenantConnector connector,
            PlanCache plans,
            EventSink events,
            InventoryReporter inventory) {
        this.config = config;
        this.directory = directory;
        this.connector = connector;
        this.plans = plans;
        this.events = events;
        this.inventory = inventory;
    }

    public void execute(Envelope<RepairTenant> envelope) throws InterruptedException {
        RepairTenant repair = envelope.payload();
        Finished finished = repair(envelope.tenant(), repair);
        LOGGER.infof(
                "repair finished tenant=%s repair=%s action=%s version=%s outcome=%s message=%s",
                envelope.tenant(),
                repair.repairId(),
                repair.action(),
                repair.version(),
                finished.outcome,
                finished.message);
        events.emit(
                envelope.tenant(),
                null,
                new RepairFinished(
                        repair.repairId(), repair.version(), repair.action(), finished.outcome, finished.message));
        if (finished.outcome != RepairOutcome.REFUSED) {
            inventory.report(envelope.tenant());
        }
    }

    private record Finished(RepairOutcome outcome, String message) {}

    private Finished repair(String tenant, RepairTenant repair) throws InterruptedException {
        Optional<TenantTarget> target = directory.find(tenant);
        if (target.isEmpty()) {
            return new Finished(RepairOutcome.REFUSED, "tenant " + tenant + " is not served by agent " + config.id());
        }
        Optional<PlanPublished> plan = plans.await(repair.planId(), config.planWait());
        if (plan.isEmpty()) {
            return new Finished(RepairOutcome.REFUSED, "plan " + repair.planId() + " was not received or was rejected");
        }
        Optional<TenantSession> session;
        try {
            session = TenantSession.open(connector, target.get(), config.lockWait());
        } catch (TenantUnreachableException e) {
            return new Finished(RepairOutcome.FAILED, e.getMessage());
        }
        if (session.isEmpty()) {
            return new Finished(
                    RepairOutcome.REFUSED, "tenant is locked by another agent for longer than " + config.lockWait());
        }
        try (TenantSession open = session.get()) {
            HistoryTable history = new HistoryTable(target.get().historySchema());
            history.ensure(open.connection);
            // Commands are delivered at least once: a repair whose rows are already there was carried out
            // before (the agent died before answering), and is reported, not decided again.
            Optional<String> done = history.latestStateOf(open.connection, repair.repairId());
            if (done.isPresent()) {
                return HistoryTable.APPLIED.equals(done.get())
                        ? new Finished(RepairOutcome.SUCCEEDED, "already carried out")
                        : new Finished(RepairOutcome.FAILED, "already carried out, and its re-run left the step dirty");
            }
            Map<Version, HistoryEntry> current = history.current(open.connection);
            RepairDecision decision = RepairDecision.decide(
                    repair.action(),
                    repair.version(),
                    repair.expected(),
                    plan.get(),
                    current,
                    indexes(open.connection, plan.get(), repair.version()));
            return switch (decision) {
                case RepairDecision.Refuse refuse -> new Finished(RepairOutcome.REFUSED, refuse.message());
                case RepairDecision.Repair carried -> carryOut(open.connection, history, repair, carried);
            };
        }
    }

    private Finished carryOut(
            SqlConnection connection, HistoryTable history, RepairTenant repair, RepairDecision.Repair decision) {
        for (TenantIndexes.Index index : decision.dropInvalid()) {
            connection
                    .query("drop index concurrently if exists " + index.reference())
                    .execute()
                    .await()
                    .indefinitely();
        }
        connection.query("begin").execute().await().indefinitely();
        try {
            for (RepairDecision.Row row : decision.rows()) {
                history.append(
                        connection,
                        record(repair, row.version(), row.name(), row.checksum(), row.direction(), row.kind(), null),
                        HistoryTable.APPLIED,
                        0L);
            }
            connection.query("commit").execute().await().indefinitely();
        } catch (RuntimeException e) {
            connection.query("rollback").execute().await().indefinitely();
            throw e;
        }
        if (decision.rerun().isEmpty()) {
            return new Finished(RepairOutcome.SUCCEEDED, decision.message());
        }
        RepairDecision.Rerun rerun = decision.rerun().get();
        StepOutcome outcome = StepExecutor.run(
                connection,
                history,
                record(
                        repair,
                        rerun.step().version(),
                        rerun.step().name(),
                        rerun.checksum(),
                        rerun.direction() == Direction.UP ? HistoryTable.UP : HistoryTable.DOWN,
                        HistoryTable.REPAIR,
                        rerun.rolloutId()),
                rerun.script().withDefaults(config.stepLockTimeout(), config.stepStatementTimeout()));
        return switch (outcome) {
            case StepOutcome.Applied applied -> new Finished(RepairOutcome.SUCCEEDED, decision.message());
            case StepOutcome.Failed failed ->
                new Finished(
                        RepairOutcome.FAILED,
                        decision.message() + " and it failed: " + failed.message()
                                + (failed.dirty() ? " (the tenant is dirty again)" : ""));
        };
    }

    private HistoryTable.StepRecord record(
            RepairTenant repair,
            Version version,
            String name,
            String checksum,
            String direction,
            String kind,
            UUID rollout) {
        return new HistoryTable.StepRecord(
                version,
                name,
                checksum,
                direction,
                rollout,
                repair.repairId(),
                config.id(),
                repair.actor(),
                kind,
                repair.reason());
    }

    /**
     * The indexes on each table the version's scripts build indexes on, the table resolved as the
     * scripts name it, through the session's search path (where the step built them): PostgreSQL puts an
     * index in its table's schema, which need not be the history's.
     */
    private static TenantIndexes indexes(SqlConnection connection, PlanPublished plan, Version version) {
        List<ConcurrentIndexes.Table> tables = plan.steps().stream()
                .filter(s -> s.version().equals(version))
                .flatMap(s -> Stream.concat(
                        ConcurrentIndexes.builtBy(s.upSql()).stream(), ConcurrentIndexes.builtBy(s.downSql()).stream()))
                .map(ConcurrentIndexes.Built::table)
                .distinct()
                .toList();
        if (tables.isEmpty()) {
            return TenantIndexes.NONE;
        }
        Map<String, ConcurrentIndexes.Table> byReference = new HashMap<>();
        tables.forEach(t -> byReference.put(t.quoted(), t));
        Map<ConcurrentIndexes.Table, List<TenantIndexes.Index>> onTable = new HashMap<>();
        for (Row row : connection
                .preparedQuery("select t.reference, n.nspname, c.relname, i.indisvalid"
                        + " from unnest($1::text[]) as t(reference)"
                        + " join pg_index i on i.indrelid = to_regclass(t.reference)"
                        + " join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace"
                        + " order by c.relname")
                .execute(Tuple.of(byReference.keySet().toArray(String[]::new)))
                .await()
                .indefinitely()) {
            onTable.computeIfAbsent(byReference.get(row.getString(0)), t -> new ArrayList<>())
                    .add(new TenantIndexes.Index(
                            row.getString(2),
                            ConcurrentIndexes.quote(row.getString(1)) + "." + ConcurrentIndexes.quote(row.getString(2)),
                            row.getBoolean(3)));
        }
        return new TenantIndexes(onTable);
    }
}
