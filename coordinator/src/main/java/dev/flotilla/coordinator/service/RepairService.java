package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.matrix.CellState;
import dev.flotilla.coordinator.repair.Repair;
import dev.flotilla.coordinator.repair.RepairRules;
import dev.flotilla.coordinator.repair.RepairState;
import dev.flotilla.coordinator.rollout.Environment;
import dev.flotilla.coordinator.rollout.RolloutActionRefused;
import dev.flotilla.coordinator.store.CellStore;
import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.OutboxStore;
import dev.flotilla.coordinator.store.RepairStore;
import dev.flotilla.coordinator.store.RunStore;
import dev.flotilla.coordinator.store.TenantGuard;
import dev.flotilla.coordinator.store.TenantStore;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.HistoryState;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.RepairAction;
import dev.flotilla.model.wire.RepairFinished;
import dev.flotilla.model.wire.RepairTenant;
import dev.flotilla.model.wire.Topics;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Repairs and baselines: checks a request against the matrix ({@link RepairRules}) and the
 * environment, records it in the audit ({@code repairs}) and sends it to the tenant's agent with a
 * signed plan of the scripts it needs, all in one transaction. The agent changes the tenant's history;
 * its {@link RepairFinished} ends the audit record, and the inventory after it moves the cells.
 */
@ApplicationScoped
public class RepairService {

    private static final Logger LOGGER = Logger.getLogger(RepairService.class);

    private final Db db;
    private final CatalogService catalog;
    private final PlanPublisher plans;
    private final OutboxStore outbox;
    private final OutboxWakeUp relay;
    private final Environment environment;
    private final DatabaseClock time;

    public RepairService(
            Db db,
            CatalogService catalog,
            PlanPublisher plans,
            OutboxStore outbox,
            OutboxWakeUp relay,
            Environment environment,
            DatabaseClock time) {
        this.db = db;
        this.catalog = catalog;
        this.plans = plans;
        this.outbox = outbox;
        this.relay = relay;
        this.environment = environment;
        this.time = time;
    }

    /** Who asks, why, and the confirmation a protected environment needs. */
    public record Asked(String actor, String reason, String confirm) {}

    /**
     * Sends one repair of one version of one tenant.
     *
     * @throws RolloutActionRefused not found (unknown tenant or version), or conflict (why it cannot be
     *     right now); nothing is recorded or sent then
     */
    public Repair repair(String tenant, Version version, RepairAction action, Asked asked) {
        if (action == RepairAction.BASELINE) {
            throw new IllegalArgumentException("a baseline is asked for with baseline()");
        }
        environment.requireConfirmation("a repair", asked.confirm());
        Migration migration = migration(version);
        Repair row = db.inTransaction(tx -> {
            TenantGuard.exclusive(tx, List.of(tenant));
            String site = site(tx, tenant);
            CellState cell = CellStore.statesOf(tx, tenant).getOrDefault(version, CellState.PENDING);
            RepairRules.refusal(action, known(tx, tenant), version.text(), cell).ifPresent(RepairService::refuse);
            return send(
                    tx,
                    time.now(tx),
                    tenant,
                    site,
                    version,
                    action,
                    List.of(migration),
                    asked,
                    RepairRules.expected(cell));
        });
        relay.wakeUp();
        return row;
    }

    /**
     * Sends a baseline up to {@code version} to each tenant: all of them, or none when any is refused
     * (the refusal names each such tenant and why).
     */
    public List<Repair> baseline(List<String> tenants, Version version, Asked asked) {
        environment.requireConfirmation("a baseline", asked.confirm());
        migration(version);
        List<Migration> upTo = catalog.catalog().upTo(version);
        List<Repair> rows = db.inTransaction(tx -> {
            TenantGuard.exclusive(tx, tenants);
            Map<String, String> sites = new LinkedHashMap<>();
            List<String> refusals = new ArrayList<>();
            for (String tenant : tenants.stream().sorted().distinct().toList()) {
                sites.put(tenant, site(tx, tenant));
                Map<String, CellState> cells = new LinkedHashMap<>();
                CellStore.statesOf(tx, tenant).forEach((v, state) -> {
                    if (v.compareTo(version) <= 0) {
                        cells.put(v.text(), state);
                    }
                });
                RepairRules.baselineRefusal(known(tx, tenant), cells).ifPresent(refusals::add);
            }
            if (!refusals.isEmpty()) {
                refuse("baseline refused, nothing was sent: " + String.join("; ", refusals));
            }
            List<Repair> sent = new ArrayList<>();
            Instant now = time.now(tx);
            sites.forEach((tenant, site) ->
                    sent.add(send(tx, now, tenant, site, version, RepairAction.BASELINE, upTo, asked, null)));
            return sent;
        });
        relay.wakeUp();
        return rows;
    }

    /** Ends the audit record of a repair as its agent reports; a repeated or unknown report changes nothing. */
    public void finished(SqlClient tx, String tenant, RepairFinished finished, Instant now) {
        if (!RepairStore.finish(tx, finished.repairId(), RepairState.of(finished.outcome()), finished.message(), now)) {
            LOGGER.infof("repair report ignored tenant=%s repair=%s reason=not requested", tenant, finished.repairId());
        }
    }

    public Optional<Repair> find(UUID repair) {
        return db.inTransaction(tx -> RepairStore.find(tx, repair));
    }

    /** The newest first, of one tenant, or of all when {@code tenant} is null. */
    public List<Repair> latest(String tenant, int limit) {
        return db.inTransaction(tx -> RepairStore.latest(tx, tenant, limit));
    }

    /** Records and sends one repair; {@code now} is the transaction's time on the database's clock. */
    private Repair send(
            SqlClient tx,
            Instant now,
            String tenant,
            String site,
            Version version,
            RepairAction action,
            List<Migration> migrations,
            Asked asked,
            HistoryState expected) {
        PlanPublished plan = plans.publish(tx, migrations, version, now);
        Repair row = new Repair(
                UUID.randomUUID(),
                tenant,
                version,
                action,
                asked.actor(),
                asked.reason(),
                RepairState.REQUESTED,
                null,
                now,
                null);
        RepairStore.insert(tx, row, plan.planId());
        outbox.append(
                tx,
                Topics.commands(site),
                tenant,
                Envelope.of(
                        tenant,
                        null,
                        now,
                        new RepairTenant(
                                row.id(), plan.planId(), version, action, asked.actor(), asked.reason(), expected)));
        LOGGER.infof(
                "repair requested tenant=%s version=%s action=%s actor=%s repair=%s",
                tenant, version, action, asked.actor(), row.id());
        return row;
    }

    private Migration migration(Version version) {
        return catalog.catalog()
                .find(version)
                .orElseThrow(() -> RolloutActionRefused.notFound("no migration " + version + " in the catalog"));
    }

    private static String site(SqlClient tx, String tenant) {
        return TenantStore.siteOf(tx, tenant)
                .orElseThrow(() -> RolloutActionRefused.notFound("no tenant " + tenant + " is known"));
    }

    private static RepairRules.Tenant known(SqlClient tx, String tenant) {
        return new RepairRules.Tenant(tenant, RunStore.hasRunInFlight(tx, tenant), RepairStore.hasOpen(tx, tenant));
    }

    private static void refuse(String why) {
        throw RolloutActionRefused.conflict(why);
    }
}
