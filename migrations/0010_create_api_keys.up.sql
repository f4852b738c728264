-- API keys: only a hash of the token is stored; revoked keys are kept for the audit trail.
CREATE TABLE api_keys (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id   bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_by   bigint      REFERENCES users (id) ON DELETE SET NULL,
    name         text        NOT NULL,
    token_sha256 bytea       NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT api_keys_token_sha256_key UNIQUE (token_sha256),
    CONSTRAINT api_keys_token_sha256_length CHECK (octet_length(token_sha256) = 32)
);

CREATE INDEX api_keys_account_active_idx ON api_keys (account_id) WHERE revoked_at IS NULL;
