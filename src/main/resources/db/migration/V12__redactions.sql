-- Passes of the redact command over the stored records: the digest of the redactor's rules a pass
-- applies, and the last event it finished in the order of (event_time, seq). A pass that stopped
-- continues after that event; one that finished is not made again with the same rules. Each batch
-- of records and its progress here commit together.
create table redactions (
    id          bigserial   primary key,
    rules       text        not null,
    after_time  timestamptz,
    after_seq   bigint,
    scanned     bigint      not null default 0,
    redacted    bigint      not null default 0,
    started_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    finished_at timestamptz
);

create index redactions_rules_idx on redactions (rules, id desc);
