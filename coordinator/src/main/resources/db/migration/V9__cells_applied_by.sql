-- The rollout whose up step applied the migration to the tenant, which a rollback of that rollout
-- reverts. cells.rollout_id says which rollout last touched the cell (a failed revert, a skipped
-- step), so it is not that. Null when the migration is not applied, or when no rollout of this
-- coordinator applied it (a baseline, an older tool). Cells applied before this column existed take
-- their last touching rollout, the best that is known of them.
alter table cells add column applied_by uuid;
update cells set applied_by = rollout_id where state in (2, 6);
