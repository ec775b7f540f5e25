-- Rollups of the events table for the aggregations (facets, histogram, group-by) of broad searches:
-- counts per hour and per day (UTC) of the core dimensions, in several groupings ("cuboids"), so
-- that a query built only from these fields is answered from a few thousand rows whatever the
-- range. See docs/adr/0011-aggregations-at-any-scale.md.
--
-- dims is the bitmask of the dimensions a row groups by (io.trailscope.events.Dimension); columns
-- of the other dimensions are null in it. A row counts the events of its bucket whose values of
-- the grouped dimensions equal the row's (null and '' kept apart, as the events have them).
-- Every row is a function of the events present: an hour is recounted from the events table
-- whenever a load touches it, and a day is summed from its hours, so duplicates, re-imports and
-- load order cannot make the counts drift.
create table event_counts (
    grain                char(1)     not null,  -- 'h' hour, 'd' day
    bucket               timestamptz not null,
    dims                 integer     not null,
    recipient_account_id text,
    aws_region           text,
    event_source         text,
    event_name           text,
    identity_type        text,
    error_code           text,
    read_only            boolean,
    principal            text,
    n                    bigint      not null,
    first_seen           timestamptz not null,
    last_seen            timestamptz not null
);

create index event_counts_bucket_idx on event_counts (grain, dims, bucket);

-- The ingested objects whose hours are counted, written in the recount's transaction: at start-up
-- the objects loaded while the process was down are found and counted.
create table event_counts_objects (
    object_id bigint primary key
);
