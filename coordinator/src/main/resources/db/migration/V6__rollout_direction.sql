-- A rollout applies its plan up, or, as the rollback of another rollout, down; 0 = up, 1 = down.
alter table rollouts add column direction smallint not null default 0;
alter table rollouts add column undoes uuid references rollouts;
alter table rollouts add constraint rollouts_direction check (direction in (0, 1));

-- No index on cells.rollout_id: every folded step event rewrites it, and only a rollback (rare) reads
-- by it, as one scan.
