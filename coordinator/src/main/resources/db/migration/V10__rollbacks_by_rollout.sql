-- The rollbacks of a rollout, looked up each time one of its runs ends (a rollback's revert of a
-- tenant waits for the tenant's forward run).
create index rollouts_undoes on rollouts (undoes) where undoes is not null;
