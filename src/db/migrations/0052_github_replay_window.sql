-- The worker's upkeep forgets the body hashes of GitHub deliveries received before the replay window
-- (forget-replay-records.ts, src/integrations/github/replay-window.ts): this index finds them without
-- reading the whole table every round. A replay of an older body is refused by the time its signed body
-- names (stale), not by its hash.
create index github_delivery_bodies_received on github_delivery_bodies (received_at);
