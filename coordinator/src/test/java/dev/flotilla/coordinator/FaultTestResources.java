package dev.flotilla.coordinator;

import java.time.Duration;
import java.util.Map;

/**
 * The same real infrastructure as {@link CoordinatorTestResources}, started afresh for
 * {@link FaultFlowTest}, so the dead letters and outbox rows it makes never mix with other stories'.
 * Retention deletes two rows per batch, so a sweep of a few rows takes several batches; the database
 * timeouts are short, so a test sees them act.
 */
public class FaultTestResources extends CoordinatorTestResources {

    static final int RETENTION_BATCH = 2;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    @Override
    protected void configure(Map<String, String> config) {
        super.configure(config);
        config.put("flotilla.retention.batch-size", String.valueOf(RETENTION_BATCH));
        config.put("flotilla.db.statement-timeout", "5s");
        config.put("flotilla.db.idle-in-transaction-timeout", "3s");
        config.put("flotilla.db.connect-timeout", CONNECT_TIMEOUT.toMillis() + "ms");
    }
}
