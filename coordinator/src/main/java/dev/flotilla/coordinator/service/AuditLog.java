package dev.flotilla.coordinator.service;

import dev.flotilla.coordinator.access.AuditChain;
import dev.flotilla.coordinator.access.AuditEntry;
import dev.flotilla.coordinator.access.ChainCheck;
import dev.flotilla.coordinator.store.AuditRepository;
import dev.flotilla.coordinator.store.AuditRow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The audit log (docs/security.md): every request that changes something, and every refused one,
 * appended as a hash-chained row ({@link AuditChain}), listed, and verified end to end. Hibernate
 * Reactive (ADR 011).
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOGGER = Logger.getLogger(AuditLog.class);

    private static final int VERIFY_PAGE = 1000;

    private final AuditRepository rows;
    private final byte[] key;

    public AuditLog(AuditRepository rows, PlanSigner signer) {
        this.rows = rows;
        this.key = signer.auditKey().orElse(null);
        if (key == null) {
            LOGGER.warn("audit rows are chained with plain SHA-256: set flotilla.plans.signing-key so the chain"
                    + " is keyed and cannot be recomputed by someone with the database's rights alone");
        }
    }

    /** A row as listed. */
    public record Line(long seq, AuditEntry entry, String hash) {}

    /** Appends {@code entry}, linked to the last row, in one transaction that appends alone. */
    public Uni<Void> append(AuditEntry entry) {
        return Reactive.transaction(() -> rows.lockForAppend()
                .chain(rows::last)
                .chain(last -> {
                    AuditRow row = new AuditRow();
                    row.seq = last == null ? 1 : last.seq + 1;
                    row.prevHash = last == null ? AuditChain.GENESIS : last.hash;
                    row.at = entry.at();
                    row.actor = entry.actor();
                    row.action = entry.action();
                    row.target = entry.target();
                    row.status = entry.status();
                    row.detail = entry.detail();
                    row.hash = AuditChain.hash(key, row.prevHash, row.seq, entry);
                    return rows.persist(row);
                })
                .replaceWithVoid());
    }

    /** Up to {@code limit} rows at or after {@code since}, newest first. */
    public Uni<List<Line>> since(Instant since, int limit) {
        return Reactive.session(() -> rows.since(since, limit))
                .map(found -> found.stream().map(AuditLog::line).toList());
    }

    /** Checks the whole chain, a page at a time. */
    public Uni<ChainCheck.Result> verify() {
        return Reactive.session(() -> verifyFrom(new ChainCheck(key), 0));
    }

    private Uni<ChainCheck.Result> verifyFrom(ChainCheck check, long after) {
        return rows.after(after, VERIFY_PAGE).chain(page -> {
            for (AuditRow row : page) {
                check.accept(row.seq, entry(row), row.prevHash, row.hash);
            }
            return page.size() < VERIFY_PAGE
                    ? Uni.createFrom().item(check.result())
                    : rows.getSession()
                            .invoke(session -> session.clear())
                            .chain(() -> verifyFrom(check, page.getLast().seq));
        });
    }

    private static Line line(AuditRow row) {
        return new Line(row.seq, entry(row), row.hash);
    }

    private static AuditEntry entry(AuditRow row) {
        return new AuditEntry(row.at, row.actor, row.action, row.target, row.status, row.detail);
    }
}
