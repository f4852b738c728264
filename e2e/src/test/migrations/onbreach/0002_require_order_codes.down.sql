alter table orders alter column code drop not null;
