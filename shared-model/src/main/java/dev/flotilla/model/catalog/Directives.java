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
 */
public record Directives(
        boolean transactional,
        Optional<Duration> lockTimeout,
        Optional<Duration> statementTimeout,
        boolean irreversible) {

    public static final Directives DEFAULT = new Directives(true, Optional.empty(), Optional.empty(), false);

    public Directives withNoTransaction() {
        return new Directives(false, lockTimeout, statementTimeout, irreversible);
    }

    public Directives withLockTimeout(Duration timeout) {
        return new Directives(transactional, Optional.of(timeout), statementTimeout, irreversible);
    }

    public Directives withStatementTimeout(Duration timeout) {
        return new Directives(transactional, lockTimeout, Optional.of(timeout), irreversible);
    }

    public Directives withIrreversible() {
        return new Directives(transactional, lockTimeout, statementTimeout, true);
    }
}
