-- Users belong to one account; an e-mail address is unique within its account.
CREATE TABLE users (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email      text        NOT NULL,
    full_name  text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_account_email_key UNIQUE (account_id, email)
);
