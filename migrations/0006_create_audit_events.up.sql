-- Audit trail: who did what to which object, append-only.
CREATE TABLE audit_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id    bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    actor_user_id bigint      REFERENCES users (id) ON DELETE SET NULL,
    action        text        NOT NULL,
    subject_type  text        NOT NULL,
    subject_id    bigint,
    payload       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at   timestamptz NOT NULL DEFAULT now()
);
