-- How many cells each (migration, state) has, kept by triggers in the same transaction as every cell
-- change, so the matrix summary reads 50 × 7 rows instead of counting millions of cells.
create table cell_counts (
    version text not null,
    state   smallint not null,
    cells   bigint not null,
    primary key (version, state)
);
insert into cell_counts (version, state, cells) select version, state, count(*) from cells group by version, state;

create function cell_counts_track() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        insert into cell_counts (version, state, cells)
            select version, state, -count(*) from old_cells group by version, state
            on conflict (version, state) do update set cells = cell_counts.cells + excluded.cells;
    end if;
    if tg_op in ('UPDATE', 'INSERT') then
        insert into cell_counts (version, state, cells)
            select version, state, count(*) from new_cells group by version, state
            on conflict (version, state) do update set cells = cell_counts.cells + excluded.cells;
    end if;
    return null;
end
$$;

create trigger cell_counts_insert after insert on cells
    referencing new table as new_cells for each statement execute function cell_counts_track();
create trigger cell_counts_update after update on cells
    referencing old table as old_cells new table as new_cells for each statement execute function cell_counts_track();
create trigger cell_counts_delete after delete on cells
    referencing old table as old_cells for each statement execute function cell_counts_track();
