-- Rollups of the events table for the aggregations (facets, histogram, group-by) of broad searches:
-- counts per hour and per day (UTC) of the core dimensions, in several groupings ("cuboids"), so
-- that a query built only from these fields is answered from a few thousand rows whatever the
-- range. See docs/adr/0011-aggregations-at-any-scale.md.
--
-- dims is the bitmask of the dimensions a row groups by (io.trailscope.events.Dimension); columns
-- of the other dimensions are null in it. A row counts the events of its bucket whose values of
-- the grouped dimensions equal the row's (null and '' kept apart, as the events have them).
-- The counts of a newly loaded object are added to the rows of its buckets (an upsert on the
-- row's key); an object loaded again, a rebuild or a repair recounts its hours from the events
-- table and sums their days from their hours. Objects are recorded as counted in the same
-- transaction, so the counts stay those of the events present whatever the order, repeats or
-- re-imports.
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
    last_seen            timestamptz not null,
    -- the grouped values as one key (md5 of each value length-prefixed, null marked apart from ''):
    -- what an upsert finds its row by, on PostgreSQL 14 as on later versions
    key                  uuid        not null
);

create index event_counts_bucket_idx on event_counts (grain, dims, bucket);
create unique index event_counts_key_idx on event_counts (grain, bucket, dims, key);

-- The ingested objects whose hours are counted, written in the recount's transaction: at start-up
-- the objects loaded while the process was down are found and counted.
create table event_counts_objects (
    object_id bigint primary key
);
