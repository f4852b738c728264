-- flotilla:no-transaction
-- Built CONCURRENTLY so writers to audit_events are not blocked while it builds.
-- PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction, hence the directive.
CREATE INDEX CONCURRENTLY audit_events_account_occurred_at_idx
    ON audit_events (account_id, occurred_at DESC);
