DROP INDEX IF EXISTS api_keys_account_active_idx;
DROP TABLE IF EXISTS api_keys;
