-- The coordinator's state. Enum-like columns hold stable codes (see CellState, RunState, RolloutState).
create table migrations (
    version       text primary key,
    position      int not null unique,
    name          text not null,
    checksum      text not null,
    transactional boolean not null,
    reversible    boolean not null
);

create table agents (
    agent_id  text primary key,
    site      text not null,
    capacity  int not null,
    version   text,
    tenants   int not null,
    last_seen timestamptz not null
);

create table tenants (
    tenant_id         text primary key,
    site              text not null,
    agent_id          text,
    labels            jsonb not null default '{}',
    last_inventory_at timestamptz
);

create table cells (
    tenant_id  text not null references tenants,
    version    text not null,
    state      smallint not null,
    checksum   text,
    rollout_id uuid,
    run_id     uuid,
    message    text,
    updated_at timestamptz not null,
    primary key (tenant_id, version)
);
create index cells_version_state on cells (version, state);
create index cells_state on cells (state);

create table plans (
    plan_id        text primary key,
    target_version text not null,
    body           bytea not null,
    created_at     timestamptz not null
);

create table rollouts (
    rollout_id     uuid primary key,
    plan_id        text not null references plans,
    target_version text not null,
    state          smallint not null,
    max_parallel   int not null,
    created_at     timestamptz not null,
    finished_at    timestamptz
);

create table runs (
    run_id        uuid primary key,
    rollout_id    uuid not null references rollouts,
    tenant_id     text not null references tenants,
    site          text not null,
    steps         text[] not null,
    state         smallint not null,
    message       text,
    created_at    timestamptz not null,
    dispatched_at timestamptz,
    finished_at   timestamptz
);
create index runs_rollout_state on runs (rollout_id, state, tenant_id);

-- Commands and plans waiting to be published: written in the same transaction as the state that
-- needs them, deleted by the relay once the broker acknowledged them.
create table outbox (
    seq        bigserial primary key,
    topic      text not null,
    msg_key    text not null,
    payload    bytea not null,
    created_at timestamptz not null
);

-- Ids of events already folded: a redelivered or replayed event is recognised and skipped.
create table processed_messages (
    message_id   uuid primary key,
    processed_at timestamptz not null
);
