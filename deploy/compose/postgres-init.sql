-- Two sites' tenant databases, ten tenant schemas each (tenant_0001 ... tenant_0010), created the
-- first time the PostgreSQL volume starts empty; the coordinator's own database is POSTGRES_DB.
create database fleet_eu;
create database fleet_us;
\connect fleet_eu
select format('create schema tenant_%s', lpad(i::text, 4, '0')) from generate_series(1, 10) i \gexec
\connect fleet_us
select format('create schema tenant_%s', lpad(i::text, 4, '0')) from generate_series(11, 20) i \gexec
