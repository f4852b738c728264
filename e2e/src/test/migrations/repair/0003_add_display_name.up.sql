alter table accounts add column display_name text;
