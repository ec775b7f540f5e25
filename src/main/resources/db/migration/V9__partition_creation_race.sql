-- Two loaders that need the same new month: the second waits for the first's advisory lock, but a
-- backend does not read catalog changes on taking an advisory lock, so its to_regclass() can still
-- miss the partition the first has just committed and its create then fails. Such a create is
-- now taken as done.
create or replace function ensure_event_partitions(from_time timestamptz, to_time timestamptz) returns void
language plpgsql as $$
declare
    month_start timestamptz := date_trunc('month', from_time at time zone 'UTC') at time zone 'UTC';
    name text;
begin
    perform pg_advisory_xact_lock(hashtext('events_partitions'));
    while month_start <= to_time loop
        name := 'events_' || to_char(month_start at time zone 'UTC', 'YYYY"m"MM');
        if to_regclass(name) is null then
            begin
                execute format('create table %I partition of events for values from (%L) to (%L)',
                    name, month_start, month_start + interval '1 month');
            exception when duplicate_table then
                null;
            end;
        end if;
        month_start := month_start + interval '1 month';
    end loop;
end;
$$;
