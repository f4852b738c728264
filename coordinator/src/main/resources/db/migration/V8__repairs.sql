-- Each repair or baseline an operator asked for, with who, when and why, and how the agent ended it:
-- the coordinator's audit of changes made to tenants' histories outside a rollout. States: 0 requested,
-- 1 succeeded, 2 refused, 3 failed, 4 unanswered (no agent answered in time).
create table repairs (
    repair_id    uuid primary key,
    tenant_id    text not null references tenants,
    version      text not null,
    action       text not null check (action in ('RETRY', 'MARK_APPLIED', 'MARK_REVERTED', 'ACCEPT_CHECKSUM', 'BASELINE')),
    plan_id      text not null references plans,
    actor        text not null,
    reason       text not null,
    state        smallint not null default 0 check (state in (0, 1, 2, 3, 4)),
    message      text,
    requested_at timestamptz not null,
    finished_at  timestamptz
);
create index repairs_tenant on repairs (tenant_id, requested_at);
create index repairs_open on repairs (tenant_id) where state = 0;
