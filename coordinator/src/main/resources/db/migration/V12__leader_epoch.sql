-- The fencing epoch: raised by each coordinator as it takes the lead, and sent with every command it
-- relays, so agents can refuse the late commands of a deposed leader.
create table leader_epoch (
    singleton boolean primary key default true check (singleton),
    epoch     bigint not null
);
insert into leader_epoch (singleton, epoch) values (true, 0);
