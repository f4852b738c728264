package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.plan.Planner;
import dev.flotilla.coordinator.store.OutboxStore;
import dev.flotilla.coordinator.store.RolloutStore;
import dev.flotilla.model.catalog.Migration;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.PlanPublished;
import dev.flotilla.model.wire.Topics;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The signed plan of some migrations, stored and, when it is new, published to the agents through the
 * outbox in the caller's transaction. Plans are content-addressed, so the same migrations always give
 * the same plan, published once.
 */
@ApplicationScoped
public class PlanPublisher {

    private final OutboxStore outbox;
    private final PlanSigner signer;

    public PlanPublisher(OutboxStore outbox, PlanSigner signer) {
        this.outbox = outbox;
        this.signer = signer;
    }

    /**
     * @param migrations in catalog order
     * @param target the version the plan is stored under
     */
    public PlanPublished publish(SqlClient tx, List<Migration> migrations, Version target, Instant now) {
        PlanPublished published = signer.sign(Planner.planOf(migrations));
        if (RolloutStore.storePlan(tx, published, target, now)) {
            outbox.append(tx, Topics.PLANS, published.planId(), Envelope.of(null, null, now, published));
        }
        return published;
    }
}
