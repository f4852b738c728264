-- flotilla:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS audit_events_account_occurred_at_idx;
