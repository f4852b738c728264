-- Notifications for webhooks (docs/operations.md, "Notifications"): one row per notice and webhook,
-- written in the transaction of the change it tells of, then sent by the coordinators apart from the
-- engine, retried with backoff until delivered or given up, each attempt's outcome kept on the row.
-- next_attempt_at is when it is due (null once delivered or given up); a sender that takes it sets
-- claim_id and claimed_until, and writes its outcome only while the claim is still its own.
create table notifications (
    id              bigserial primary key,
    webhook         text not null,
    kind            text not null,
    rollout_id      uuid,
    tenant_id       text,
    once_key        text,
    body            text not null,
    created_at      timestamptz not null,
    attempts        int not null default 0,
    next_attempt_at timestamptz,
    claim_id        uuid,
    claimed_until   timestamptz,
    delivered_at    timestamptz,
    last_status     int,
    last_error      text,
    unique (webhook, once_key)
);
-- The senders' work: rows still to send, per webhook, by when they are due.
create index notifications_due on notifications (webhook, next_attempt_at, id) where next_attempt_at is not null;
-- Retention's: rows done with, by age.
create index notifications_done on notifications (created_at) where next_attempt_at is null;
