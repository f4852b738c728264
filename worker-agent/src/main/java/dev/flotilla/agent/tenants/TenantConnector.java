package dev.flotilla.agent.tenants;

import dev.flotilla.agent.AgentConfig;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Connects to a tenant's database, retrying with backoff while the failure may pass (the server is
 * down, restarting, out of connections, or the network between is cut), so a short outage delays a
 * run instead of failing it, and a long one fails it as unreachable rather than as a SQL error.
 */
@ApplicationScoped
public class TenantConnector {

    private static final Logger LOGGER = Logger.getLogger(TenantConnector.class);

    private final TenantPools pools;
    private final ConnectRetry retry;

    public TenantConnector(TenantPools pools, AgentConfig config) {
        this.pools = pools;
        this.retry = new ConnectRetry(
                config.tenantConnect().attempts(), config.tenantConnect().backoff());
    }

    /**
     * A connection to the tenant's database.
     *
     * @throws TenantUnreachableException when every attempt failed, or one failed for good
     * @throws InterruptedException when the agent stops while waiting to try again
     */
    public SqlConnection connect(TenantTarget target) throws InterruptedException {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return pools.pool(target.database()).getConnection().await().indefinitely();
            } catch (RuntimeException e) {
                boolean again = attempt < retry.attempts() && ConnectRetry.transientFailure(e);
                LOGGER.warnf(
                        "tenant database not reached tenant=%s attempt=%d of=%d retry=%s reason=%s",
                        target.id(), attempt, retry.attempts(), again, e.getMessage());
                if (!again) {
                    Duration spent = Duration.ofNanos(System.nanoTime() - start);
                    throw new TenantUnreachableException(
                            "tenant database unreachable after " + attempt + " attempt" + (attempt == 1 ? "" : "s")
                                    + " in " + spent.toSeconds() + "s: " + e.getMessage(),
                            e);
                }
                Thread.sleep(retry.waitAfter(attempt));
            }
        }
    }
}
