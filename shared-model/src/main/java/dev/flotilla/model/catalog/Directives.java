package dev.flotilla.model.catalog;

import java.time.Duration;
import java.util.Optional;

/**
 * What the leading {@code -- flotilla:} comments of one script ask for.
 *
 * @param transactional false when the script said {@code no-transaction} (for statements such as
 *     {@code CREATE INDEX CONCURRENTLY} that PostgreSQL refuses inside a transaction)
 * @param lockTimeout {@code lock-timeout}, empty when not given
 * @param statementTimeout {@code statement-timeout}, empty when not given
 * @param irreversible the migration has no down script on purpose
 * @param batch {@code batch}: run the statement once per batch of keys; empty when not given
 */
public record Directives(
        boolean transactional,
        Optional<Duration> lockTimeout,
        Optional<Duration> statementTimeout,
        boolean irreversible,
        Optional<BatchSpec> batch) {

    public static final Directives DEFAULT =
            new Directives(true, Optional.empty(), Optional.empty(), false, Optional.empty());

    public Directives withNoTransaction() {
        return new Directives(false, lockTimeout, statementTimeout, irreversible, batch);
    }

    public Directives withLockTimeout(Duration timeout) {
        return new Directives(transactional, Optional.of(timeout), statementTimeout, irreversible, batch);
    }

    public Directives withStatementTimeout(Duration timeout) {
        return new Directives(transactional, lockTimeout, Optional.of(timeout), irreversible, batch);
    }

    public Directives withIrreversible() {
        return new Directives(transactional, lockTimeout, statementTimeout, true, batch);
    }

    public Directives withBatch(BatchSpec spec) {
        return new Directives(transactional, lockTimeout, statementTimeout, irreversible, Optional.of(spec));
    }
}
