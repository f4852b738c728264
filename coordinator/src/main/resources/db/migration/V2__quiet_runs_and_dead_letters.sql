-- When a run last showed life (dispatched, re-sent, or any event about it): a run quiet for too long
-- has its command re-sent (RunSupervisor).
alter table runs add column heard_at timestamptz;
alter table runs add column sends int not null default 0;
update runs set heard_at = coalesce(dispatched_at, created_at), sends = case when dispatched_at is null then 0 else 1 end;
create index runs_in_flight_heard on runs (heard_at) where state in (1, 2);
create index runs_tenant_state on runs (tenant_id, state);

-- Events that no fold can ever accept (malformed, or naming things that cannot exist): kept for an
-- operator instead of blocking their partition for ever.
create table dead_letters (
    id          bigserial primary key,
    message_id  uuid,
    type        text,
    tenant_id   text,
    payload     bytea not null,
    reason      text not null,
    received_at timestamptz not null
);
