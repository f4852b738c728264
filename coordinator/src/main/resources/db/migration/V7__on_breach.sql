-- What a wave breaching its failure budget does besides halting the rollout (a plan's onBreach):
-- 0 = nothing more, 1 = roll the wave's tenants back.
alter table rollouts add column on_breach smallint not null default 0;
-- The plan's allowIrreversible: going down, or in the automatic rollback of a breached wave, tenants
-- stop just above a migration without a down script.
alter table rollouts add column allow_irreversible boolean not null default false;
-- When a breach asked for the wave's automatic rollback (it started, or its refusal was recorded), so
-- that it is asked once.
alter table rollout_waves add column rollback_asked_at timestamptz;
