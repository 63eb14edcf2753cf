-- The applied GitHub deliveries whose body the worker's upkeep has yet to forget (forget-github-bodies.ts):
-- a row leaves this index when its body is dropped, so it holds about one retention window of
-- deliveries, and the hourly pass reads only those instead of the whole outbox.
create index outbox_github_bodies on outbox (delivered_at)
  where kind = 'github_event' and status = 'delivered' and payload ? 'body';
