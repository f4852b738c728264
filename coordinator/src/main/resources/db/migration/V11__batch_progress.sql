-- The latest progress a batched step reported, one row per run: rows done, the table's estimated
-- size, rate and ETA, for `rollout show` and the API. Upserted by the fold; it goes with its run.
create table batch_progress (
    run_id          uuid primary key references runs on delete cascade,
    version         text not null,
    rows_done       bigint not null,
    rows_total      bigint,
    rows_per_second double precision,
    eta_seconds     bigint,
    cursor_key      text,
    reported_at     timestamptz not null
);
