-- Outbox rows the broker can never take (a record too large, a topic that cannot exist) leave the
-- outbox as dead letters too, so they no longer hold back the rows behind them (OutboxRelay). A dead
-- letter says which topic it came from or was going to, and whether the coordinator was sending it.
alter table dead_letters add column topic text;
alter table dead_letters add column outgoing boolean not null default false;
update dead_letters set topic = 'flotilla.events';
alter table dead_letters alter column topic set not null;
