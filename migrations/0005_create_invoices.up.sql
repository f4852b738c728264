-- Invoices: amounts in minor units (cents) to avoid rounding.
CREATE TABLE invoices (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id   bigint      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    number       text        NOT NULL,
    amount_cents bigint      NOT NULL CHECK (amount_cents >= 0),
    currency     char(3)     NOT NULL DEFAULT 'EUR',
    status       text        NOT NULL DEFAULT 'draft'
        CONSTRAINT invoices_status_check CHECK (status IN ('draft', 'open', 'paid', 'void')),
    issued_at    timestamptz,
    due_at       timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT invoices_account_number_key UNIQUE (account_id, number)
);
