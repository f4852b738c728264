-- flotilla:no-transaction
insert into public.step_log values (current_schema(), '0003', 'up', clock_timestamp(), null);
select pg_sleep(0.4);
create index items_sku_idx on items (sku);
update public.step_log set finished_at = clock_timestamp()
 where tenant = current_schema() and version = '0003' and direction = 'up' and finished_at is null;
