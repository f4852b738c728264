-- Agents set aside commands they can never carry out on flotilla.dead-letters; the coordinator keeps
-- them beside its own dead letters, so an operator sees every message set aside in one list. A dead
-- letter says who set it aside: the coordinator itself, or an agent.
alter table dead_letters add column set_aside_by text not null default 'coordinator';
