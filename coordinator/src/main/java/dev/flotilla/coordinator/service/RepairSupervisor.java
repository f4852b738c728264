package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.store.DatabaseClock;
import dev.flotilla.coordinator.store.Db;
import dev.flotilla.coordinator.store.Leadership;
import dev.flotilla.coordinator.store.OutboxStore;
import dev.flotilla.coordinator.store.RepairStore;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.ReportInventory;
import dev.flotilla.model.wire.Topics;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Ends the repairs no agent answered within {@code flotilla.repairs.answer-within} as unanswered, so a
 * lost command or a dead agent does not keep the tenant from being repaired for ever, and asks the
 * tenant's agent for an inventory: the tenant's history says whether the repair happened. A late
 * answer still ends the repair. Runs only on the leading coordinator.
 */
@ApplicationScoped
public class RepairSupervisor {

    private static final Logger LOGGER = Logger.getLogger(RepairSupervisor.class);

    private final Db db;
    private final OutboxStore outbox;
    private final OutboxWakeUp relay;
    private final Leadership leadership;
    private final CatalogService catalog;
    private final DatabaseClock time;
    private final Duration answerWithin;

    public RepairSupervisor(
            Db db,
            OutboxStore outbox,
            OutboxWakeUp relay,
            Leadership leadership,
            CatalogService catalog,
            DatabaseClock time,
            @ConfigProperty(name = "flotilla.repairs.answer-within") Duration answerWithin) {
        this.db = db;
        this.outbox = outbox;
        this.relay = relay;
        this.leadership = leadership;
        this.catalog = catalog;
        this.time = time;
        this.answerWithin = answerWithin;
    }

    @Scheduled(
            identity = "repair-supervisor",
            every = "${flotilla.runs.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void supervise() {
        catalog.awaitReady();
        if (leadership.isLeader()) {
            expire(time.now());
        }
    }

    /**
     * Ends the repairs requested longer than {@code answer-within} before {@code now} (on the database's
     * clock, which stamped when they were requested); returns how many.
     */
    public int expire(Instant now) {
        String message = "no answer from the tenant's agent within " + answerWithin
                + "; the tenant's history shows whether the repair happened";
        List<RepairStore.TenantSite> expired = db.inTransaction(tx -> {
            List<RepairStore.TenantSite> tenants = RepairStore.expire(tx, now.minus(answerWithin), message, now);
            for (RepairStore.TenantSite t : tenants) {
                outbox.append(
                        tx,
                        Topics.commands(t.site()),
                        t.tenant(),
                        Envelope.of(t.tenant(), null, now, new ReportInventory("repair-supervisor")));
            }
            return tenants;
        });
        if (!expired.isEmpty()) {
            LOGGER.warnf("repairs unanswered count=%d tenants=%s", expired.size(), expired);
            relay.wakeUp();
        }
        return expired.size();
    }
}
