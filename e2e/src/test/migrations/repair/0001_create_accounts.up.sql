create table accounts (id bigint primary key, email text not null);
insert into accounts values (1, 'ann@example.com'), (2, 'bob@example.com');
