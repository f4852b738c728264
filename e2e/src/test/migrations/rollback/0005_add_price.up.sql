alter table items add column price_cents bigint not null default 0;
alter table items add constraint items_price_not_negative check (price_cents >= 0);
