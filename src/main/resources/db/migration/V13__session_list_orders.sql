-- The session list's other orders (calls, errors, last activity), each read as a keyset on the
-- order's value and the id: one index each, scanned either way, so that a page of the list stays
-- one index range however many sessions there are.
create index sessions_calls_idx on sessions (call_count, id);
create index sessions_errors_idx on sessions (error_count, id);
create index sessions_last_activity_idx on sessions ((coalesce(last_activity, created)), id);
