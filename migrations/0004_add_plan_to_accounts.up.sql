-- flotilla:lock-timeout 5s
-- Every account gets a billing plan; existing accounts start on 'free'.
-- ALTER TABLE needs an ACCESS EXCLUSIVE lock: give up after 5s rather than queue behind long readers.
ALTER TABLE accounts
    ADD COLUMN plan text NOT NULL DEFAULT 'free'
        CONSTRAINT accounts_plan_check CHECK (plan IN ('free', 'team', 'enterprise'));
