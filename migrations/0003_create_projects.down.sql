DROP INDEX IF EXISTS projects_account_id_idx;
DROP TABLE IF EXISTS projects;
