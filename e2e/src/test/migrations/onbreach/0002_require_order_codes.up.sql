alter table orders alter column code set not null;
