-- A session ends at the latest this long after sign-in, however often it is used (docs/SECURITY.md):
-- a stolen cookie that is kept busy does not live for ever. Set at sign-in from
-- LOOPWORK_SESSION_MAX_AGE_DAYS; the sliding idle expiry never passes it. Sessions open today get 30 days
-- from their start.
alter table sessions add column absolute_expires_at timestamptz;
update sessions set absolute_expires_at = created_at + interval '30 days';
alter table sessions alter column absolute_expires_at set not null;
update sessions set expires_at = least(expires_at, absolute_expires_at);
