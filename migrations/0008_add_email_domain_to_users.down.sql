-- flotilla:lock-timeout 5s
-- Dropping the column also discards the backfilled values.
ALTER TABLE users DROP COLUMN IF EXISTS email_domain;
