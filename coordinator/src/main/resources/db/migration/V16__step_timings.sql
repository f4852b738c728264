-- What the dashboard and the API show of each cell's last step and of each run: the direction the
-- last step on the cell ran (0 up, 1 down), how long it took when it succeeded, and the agent that
-- ran the run (from its RunStarted event; the last one to start it, after a takeover).
alter table cells add column direction smallint;
alter table cells add column duration_ms bigint;
alter table runs add column agent_id text;
