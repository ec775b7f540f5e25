-- The event store. One row per (eventID, recipientAccountId): the same event delivered twice is
-- stored once, while the two copies of a cross-account call (same eventID, different recipient
-- account) are both kept. event_time is part of the key because the table is partitioned by it.

create extension if not exists pg_trgm;

create sequence events_seq;

create table events (
    event_time               timestamptz not null,
    event_id                 text        not null,
    recipient_account_id     text        not null,
    seq                      bigint      not null default nextval('events_seq'),
    event_version            text,
    event_name               text,
    event_source             text,
    aws_region               text,
    -- sourceIPAddress as written (service names such as ec2.amazonaws.com, "AWS Internal")
    source_address           text,
    -- the same value as an address, where it is one; CIDR filters use this column
    source_ip                inet,
    user_agent               text,
    error_code               text,
    error_message            text,
    read_only                boolean,
    event_type               text,
    event_category           text,
    management_event         boolean,
    shared_event_id          text,
    request_id               text,
    identity_type            text,
    principal_id             text,
    principal_arn            text,
    identity_account_id      text,
    access_key_id            text,
    user_name                text,
    invoked_by               text,
    session_issuer_type      text,
    session_issuer_arn       text,
    session_issuer_user_name text,
    mfa_authenticated        boolean,
    session_created          timestamptz,
    source_identity          text,
    -- the human-readable "who": user name, role/session, service, or root
    principal                text,
    -- lower-cased distinct string values of the record and their parts, for free-text search
    search_terms             text[]      not null,
    record                   jsonb       not null,
    object_id                bigint,
    ingested_at              timestamptz not null default now(),
    primary key (event_id, recipient_account_id, event_time)
) partition by range (event_time);

-- Newest-first listing and keyset pagination on (event_time, seq).
create index events_time_idx on events (event_time desc, seq desc);
create index events_name_idx on events (event_name, event_time desc);
create index events_source_idx on events (event_source, event_time desc);
create index events_key_idx on events (access_key_id, event_time desc) where access_key_id is not null;
create index events_principal_idx on events (principal, event_time desc);
create index events_arn_idx on events (principal_arn, event_time desc) where principal_arn is not null;
create index events_account_idx on events (recipient_account_id, event_time desc);
create index events_region_idx on events (aws_region, event_time desc);
create index events_ip_idx on events (source_ip, event_time desc) where source_ip is not null;
create index events_error_idx on events (error_code, event_time desc) where error_code is not null;
-- Containment on any path of the record: record @> '{"requestParameters":{"groupId":"sg-1"}}'.
create index events_record_idx on events using gin (record jsonb_path_ops) with (fastupdate = on, gin_pending_list_limit = 32768);
-- Any value anywhere: search_terms @> array['i-0abc123'].
create index events_terms_idx on events using gin (search_terms) with (fastupdate = on, gin_pending_list_limit = 32768);

-- Creates the monthly partitions that cover [from_time, to_time]. Loaders call it before they
-- insert, for every month their batch touches, so a backfill that reaches years back, or a clock
-- that runs ahead, never meets a missing partition. The advisory lock serialises concurrent
-- loaders that want the same new partition.
create function ensure_event_partitions(from_time timestamptz, to_time timestamptz) returns void
language plpgsql as $$
declare
    month_start timestamptz := date_trunc('month', from_time at time zone 'UTC') at time zone 'UTC';
    name text;
begin
    perform pg_advisory_xact_lock(hashtext('events_partitions'));
    while month_start <= to_time loop
        name := 'events_' || to_char(month_start at time zone 'UTC', 'YYYY"m"MM');
        if to_regclass(name) is null then
            execute format('create table %I partition of events for values from (%L) to (%L)',
                name, month_start, month_start + interval '1 month');
        end if;
        month_start := month_start + interval '1 month';
    end loop;
end;
$$;

-- The ledger of every object the ingester has seen, written in the same transaction as its events,
-- so a file is loaded exactly once in effect and every failure has a reason on record.
create table ingest_objects (
    id              bigserial primary key,
    source          text        not null,
    bucket          text        not null default '',
    object_key      text        not null,
    etag            text        not null default '',
    size_bytes      bigint,
    object_time     timestamptz,
    kind            text        not null,
    status          text        not null,
    record_count    integer     not null default 0,
    loaded_count    integer     not null default 0,
    duplicate_count integer     not null default 0,
    rejected_count  integer     not null default 0,
    error           text,
    attempts        integer     not null default 1,
    first_seen_at   timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    unique (bucket, object_key, etag)
);

create index ingest_objects_updated_idx on ingest_objects (updated_at desc);
create index ingest_objects_failed_idx on ingest_objects (updated_at desc) where status in ('FAILED', 'PARTIAL');
