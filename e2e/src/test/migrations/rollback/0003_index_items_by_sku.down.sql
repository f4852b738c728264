-- flotilla:no-transaction
insert into public.step_log values (current_schema(), '0003', 'down', clock_timestamp(), null);
select pg_sleep(0.2);
drop index if exists items_sku_idx;
update public.step_log set finished_at = clock_timestamp()
 where tenant = current_schema() and version = '0003' and direction = 'down' and finished_at is null;
