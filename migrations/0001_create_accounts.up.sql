-- Accounts: the customer organisations of the demo SaaS.
CREATE TABLE accounts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL,
    slug       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_slug_key UNIQUE (slug),
    CONSTRAINT accounts_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$')
);
