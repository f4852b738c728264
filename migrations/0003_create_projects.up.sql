-- Projects are owned by an account and, optionally, by one of its users.
CREATE TABLE projects (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    owner_id   bigint      REFERENCES users (id) ON DELETE SET NULL,
    name       text        NOT NULL,
    archived   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX projects_account_id_idx ON projects (account_id);
