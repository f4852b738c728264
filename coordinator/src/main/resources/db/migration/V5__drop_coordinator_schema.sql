-- Before Flyway, the coordinator recorded its schema versions in coordinator_schema. A database
-- created then is baselined at that table's highest version (CoordinatorSchema); from here on
-- flyway_schema_history is the only record, so the old table goes. On a new database it never existed.
drop table if exists coordinator_schema;
