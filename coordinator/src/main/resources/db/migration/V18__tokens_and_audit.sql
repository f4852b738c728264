-- API tokens (docs/security.md): only the SHA-256 of a secret is kept. A name is unique among the
-- tokens that are not revoked, so a revoked token's name can be given to its replacement.
create table api_tokens (
    id          uuid primary key,
    name        text not null,
    role        text not null,
    token_hash  text not null unique,
    hint        text not null,
    created_at  timestamptz not null,
    created_by  text not null,
    expires_at  timestamptz,
    revoked_at  timestamptz,
    revoked_by  text
);
create unique index api_tokens_active_name on api_tokens (name) where revoked_at is null;

-- The audit log: append-only and hash-chained (access.AuditChain). Each row's hash covers its fields
-- and prev_hash, the hash of the row before it.
create table audit_log (
    seq        bigint primary key,
    at         timestamptz not null,
    actor      text not null,
    action     text not null,
    target     text not null,
    status     integer not null,
    detail     text,
    prev_hash  text not null,
    hash       text not null
);
create index audit_log_at on audit_log (at);

-- Rows are never changed or removed, whoever asks: a trigger refuses UPDATE, DELETE and TRUNCATE.
-- Only the table's owner or a superuser can switch the trigger off, and the chain shows what they did.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % refused', tg_op using errcode = '42501';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only();
