create table orders (id bigint primary key, code text);
insert into orders values (1, 'A-1'), (2, 'A-2');
