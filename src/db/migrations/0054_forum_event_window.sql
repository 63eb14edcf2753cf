-- The worker's upkeep forgets the Discourse events a forum channel received before the replay window
-- (forget-replay-records.ts, src/integrations/forum/replay-window.ts): this index finds them without
-- reading the whole table every round, and the newest of a channel for its health. A replay of an older
-- event is refused by the time its signed body names for its topic or post (stale), not by its id.
create index forum_events_received on forum_events (received_at);
