-- Role sessions, derived from the events table (see io.trailscope.sessions). One row per credential
-- issuance: the two copies of a cross-account AssumeRole are one row listing both accounts. The
-- calls of a session are not stored: they are the events matching the session's scope (issued key,
-- session ARN and creation date), read through the key and ARN indexes of events. Only their
-- counts are kept here, so that the list of sessions is one index scan. Every column is a function
-- of the events present, never of the order they arrived in.

create table sessions (
    id                     text        primary key,
    issuer_event_name      text        not null,
    -- the identity ARN the calls of the session carry (assumed-role, federated-user, user or root ARN)
    arn                    text        not null,
    -- the issued access key; null for console sessions, whose keys rotate
    issued_key             text,
    created                timestamptz not null,
    expires                timestamptz not null,
    role_arn               text,
    session_name           text,
    issuer_event_id        text        not null,
    issuer_event_time      timestamptz not null,
    issuer_account         text        not null,
    shared_event_id        text,
    -- recipient accounts of the copies of the issuing event
    issuer_accounts        text[]      not null,
    region                 text,
    source_address         text,
    user_agent             text,
    mfa                    boolean,
    source_identity        text,
    switch_from            text,
    -- who signed the issuing call
    signer_type            text,
    signer_principal       text,
    signer_arn             text,
    signer_key             text,
    signer_created         timestamptz,
    signer_invoked_by      text,
    signer_provider        text,
    parent_id              text,
    parent_link            text,
    root_kind              text,
    root_principal         text,
    chain_source_identity  text,
    call_count             bigint      not null default 0,
    error_count            bigint      not null default 0,
    first_activity         timestamptz,
    last_activity          timestamptz,
    regions                text[]      not null default '{}',
    accounts               text[]      not null default '{}',
    updated_at             timestamptz not null default now()
);

create index sessions_arn_idx on sessions (arn, created);
create index sessions_signer_idx on sessions (signer_arn, signer_created);
create index sessions_switch_idx on sessions (switch_from, created) where switch_from is not null;
create index sessions_parent_idx on sessions (parent_id) where parent_id is not null;
create index sessions_created_idx on sessions (created desc, id desc);
create index sessions_issuer_event_idx on sessions (issuer_event_id);
create index sessions_role_idx on sessions (role_arn, created desc);
create index sessions_root_idx on sessions (root_principal, created desc);

-- The ingested objects whose events have been folded into sessions, so that objects loaded while
-- the application was down, or whose derivation failed, are caught up.
create table session_objects (
    object_id  bigint      primary key,
    derived_at timestamptz not null default now()
);

-- Finds the new rows of an ingested object without a scan of its time window.
create index events_object_idx on events (object_id);
