DROP INDEX IF EXISTS project_members_user_id_idx;
DROP TABLE IF EXISTS project_members;
