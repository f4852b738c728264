-- flotilla:lock-timeout 5s
ALTER TABLE accounts DROP COLUMN IF EXISTS plan;
