-- The search form's identity type and event type filters. Few distinct values, but the rare ones
-- are those analysts look for (userIdentity.type:Root over 90 days, eventType:AwsConsoleSignIn):
-- with (column, event_time desc) a first page reads just those rows, where otherwise the planner
-- walks the time index and filters every event of the window.
create index events_identity_type_idx on events (identity_type, event_time desc);
create index events_event_type_idx on events (event_type, event_time desc);
