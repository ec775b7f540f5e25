-- Backfills of an S3 prefix. position is the last key done, in listing order: a run that stopped
-- (the process ended, S3 failed) continues after it.
create table backfills (
    id          bigserial primary key,
    bucket      text        not null,
    prefix      text        not null,
    from_date   date,
    to_date     date,
    status      text        not null,
    position    text,
    listed      bigint      not null default 0,
    loaded      bigint      not null default 0,
    skipped     bigint      not null default 0,
    failed      bigint      not null default 0,
    events      bigint      not null default 0,
    error       text,
    started_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create index backfills_started_idx on backfills (started_at desc);
