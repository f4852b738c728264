-- flotilla:no-transaction
create unique index concurrently accounts_email_key on accounts (email);
