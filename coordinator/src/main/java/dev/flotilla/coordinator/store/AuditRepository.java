package dev.flotilla.coordinator.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The audit log's rows, in the caller's Hibernate Reactive session and transaction. */
@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditRow, Long> {

    /** "Flotilld": the coordinator's advisory locks are "Flotill" and a letter. */
    static final long APPEND_LOCK_KEY = 0x466c6f74696c6c64L;

    /**
     * Makes this transaction the only one appending until it ends, so each row links to the one before
     * it; coordinators sharing the database append one at a time.
     */
    public Uni<Void> lockForAppend() {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery("select pg_advisory_xact_lock(" + APPEND_LOCK_KEY + ")")
                        .getSingleResult())
                .replaceWithVoid();
    }

    /** The last row, or null for an empty log. */
    public Uni<AuditRow> last() {
        return find("order by seq desc").firstResult();
    }

    /** Up to {@code limit} rows after {@code seq}, oldest first: one page of the whole log. */
    public Uni<List<AuditRow>> after(long seq, int limit) {
        return find("seq > ?1 order by seq", seq).page(0, limit).list();
    }

    /** Up to {@code limit} rows at or after {@code since}, newest first. */
    public Uni<List<AuditRow>> since(Instant since, int limit) {
        return find("at >= ?1 order by seq desc", since).page(0, limit).list();
    }
}
