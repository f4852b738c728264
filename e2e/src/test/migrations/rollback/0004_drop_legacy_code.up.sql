-- flotilla:irreversible
-- The legacy codes are gone with the column: nothing could bring them back.
alter table items drop column legacy_code;
