-- Each web process remembers the principals of API tokens used in the last seconds
-- (src/services/principal-cache.ts). Whatever changes who may do what — a role, a token's revocation,
-- scope, loop or expiry, a person's administrator flag, a person removed, a table emptied — tells every
-- process to forget them: NOTIFY loopwork_access, delivered at commit (never for a change rolled back).
-- Triggers, not the services, so that no path is missed, SQL typed by hand included. Last-used stamps
-- do not fire.
create function notify_access_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('loopwork_access', '');
  return null;
end
$$;

create trigger memberships_access after insert or update or delete or truncate on memberships
  for each statement execute function notify_access_change();

create trigger api_tokens_access
  after update of revoked_at, expires_at, scope, loop_id, user_id, token_hash or delete or truncate on api_tokens
  for each statement execute function notify_access_change();

create trigger users_access after update of admin or delete or truncate on users
  for each statement execute function notify_access_change();
