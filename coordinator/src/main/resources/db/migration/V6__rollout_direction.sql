-- A rollout applies its plan up, or, as the rollback of another rollout, down; 0 = up, 1 = down.
alter table rollouts add column direction smallint not null default 0;
alter table rollouts add column undoes uuid references rollouts;

-- A rollback reads the cells a rollout applied.
create index cells_rollout on cells (rollout_id) where rollout_id is not null;
alter table rollouts add constraint rollouts_direction check (direction in (0, 1));
