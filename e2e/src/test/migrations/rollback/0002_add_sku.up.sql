insert into public.step_log values (current_schema(), '0002', 'up', clock_timestamp(), null);
select pg_sleep(0.4);
alter table items add column sku text not null default 'none';
update public.step_log set finished_at = clock_timestamp()
 where tenant = current_schema() and version = '0002' and direction = 'up' and finished_at is null;
