-- Phased rollouts: waves with gates, concurrency limits, a failure budget per wave, operator actions.
alter table rollouts add column target jsonb;
alter table rollouts add column sites text[] not null default '{}';
alter table rollouts add column per_site int;
alter table rollouts add column per_wave int;
alter table rollouts add column budget_count int not null default 2147483647;
alter table rollouts add column budget_percent int not null default 100;
alter table rollouts add column current_wave int not null default 0;
-- Why the rollout is halted, paused, cancelled or waiting at a gate; null while it simply runs.
alter table rollouts add column reason text;
-- When a wait ends by the clock alone (a soak): the pacer looks at the rollout then.
alter table rollouts add column wake_at timestamptz;
update rollouts set per_site = max_parallel, per_wave = max_parallel,
    target = jsonb_build_object('version', target_version),
    sites = coalesce((select array_agg(distinct site) from runs where runs.rollout_id = rollouts.rollout_id), '{}');
alter table rollouts alter column per_site set not null;
alter table rollouts alter column per_wave set not null;
alter table rollouts alter column target set not null;

create table rollout_waves (
    rollout_id   uuid not null references rollouts,
    position     int not null,
    name         text not null,
    selector     text not null,
    tenant_limit int,
    soak_ms      bigint not null,
    approval     boolean not null,
    started_at   timestamptz,
    done_at      timestamptz,
    approved_by  text,
    approved_at  timestamptz,
    primary key (rollout_id, position)
);
insert into rollout_waves (rollout_id, position, name, selector, soak_ms, approval, started_at, done_at)
    select rollout_id, 0, 'all', '*', 0, false, created_at, finished_at from rollouts;

alter table runs add column wave int not null default 0;
create index runs_rollout_pending on runs (rollout_id, site, wave, tenant_id) where state = 0;
create index runs_rollout_wave_state on runs (rollout_id, wave, state);

-- Every operator action on a rollout, and every halt the engine decided: who, when, why.
create table rollout_actions (
    seq        bigserial primary key,
    rollout_id uuid not null references rollouts,
    at         timestamptz not null,
    actor      text not null,
    action     text not null,
    tenant_id  text,
    reason     text
);
create index rollout_actions_rollout on rollout_actions (rollout_id, seq);

-- Labels operators set or remove (a null value removes the agent's label); they win over the agents'.
alter table tenants add column label_overrides jsonb not null default '{}';
