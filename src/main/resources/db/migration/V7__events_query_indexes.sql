-- The query language's "who" fields match several columns at once: user:x is
-- principal = x or user_name = x or principal_arn = x or session_issuer_user_name = x, and
-- role:x is session_issuer_user_name = x or session_issuer_arn = x. An OR is served by a bitmap
-- OR of indexes only if every arm has one; principal and principal_arn have theirs (V1), these
-- are the rest. Partial, like the other sparse columns: the equality implies "is not null".
create index events_user_name_idx on events (user_name, event_time desc) where user_name is not null;
create index events_issuer_name_idx on events (session_issuer_user_name, event_time desc)
    where session_issuer_user_name is not null;
create index events_issuer_arn_idx on events (session_issuer_arn, event_time desc) where session_issuer_arn is not null;
