create table items (id bigint primary key, name text not null, legacy_code text);
insert into items values (1, 'Widget', 'W-1'), (2, 'Gadget', 'G-2');
