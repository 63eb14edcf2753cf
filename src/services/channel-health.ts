import type { Queryable } from "../db/connect.js";

/** One delivery of a channel as its health shows it. */
export interface ChannelDelivery {
  id: string;
  kind: string;
  direction: "in" | "out";
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** A channel's health (docs/CHANNELS.md "Health"): what came in and went out last, what failed and why. */
export interface ChannelHealth {
  channelId: string;
  slug: string;
  kind: string;
  /** The newest thing the channel took in: a signal, a message of a thread, a queued GitHub event, a forum event. */
  lastInbound: { at: Date; what: string } | null;
  /** The newest delivery out that reached its target. */
  lastOutbound: { at: Date; what: string } | null;
  /** Deliveries of the channel by state: waiting a first attempt, failed and retrying, given up. */
  outbox: { pending: number; retrying: number; dead: number };
  /** The newest dead deliveries, in and out: what an owner may replay or retry. */
  dead: ChannelDelivery[];
  /** The newest refusals of inbound deliveries (bad signatures, emails not taken in) and delivery errors (at: when last due). */
  recentErrors: { at: Date; code: string; reason: string; deliveryId: string | null }[];
}

/**
 * The outbox rows of channel $1, with their direction: the inbound ones that name it (github_event;
 * github_backfill reads the repository, so in), notifications about its signals, replies in its threads.
 */
export const channelDeliveries = `(
  select o.*, 'in' as direction from outbox o
   where o.payload ? 'channelId' and o.payload->>'channelId' = $1::uuid::text
  union all
  select o.*, 'out' from signals s join notifications n on n.signal_id = s.id
    join outbox o on o.notification_id = n.id
   where s.channel_id = $1::uuid
  union all
  select o.*, 'out' from signals s join messages m on m.signal_id = s.id
    join outbox o on o.kind = 'reply' and o.payload->>'messageId' = m.id::text
   where s.channel_id = $1::uuid and m.direction = 'out')`;

const deliveryColumns = `d.id, d.kind, d.direction, d.status, d.attempts, d.last_error as "lastError",
  d.created_at as "createdAt", d.delivered_at as "deliveredAt"`;

/** The health of one channel (by id), or undefined when there is none. */
export async function channelHealth(db: Queryable, channelId: string): Promise<ChannelHealth | undefined> {
  const [channel] = await db.query<{ id: string; slug: string; kind: string }>(
    "select id, slug, kind from channels where id = $1",
    [channelId],
  );
  if (!channel) return undefined;
  const [inbound] = await db.query<{ at: Date; what: string }>(
    `select at, what from (
       (select s.created_at as at, 'signal: ' || s.title as what from signals s where s.channel_id = $1::uuid
         order by s.id desc limit 1)
       union all
       (select m.created_at, 'message in the thread of: ' || s.title from signals s
          join messages m on m.signal_id = s.id and m.direction = 'in'
         where s.channel_id = $1::uuid order by m.created_at desc limit 1)
       union all
       (select o.created_at, concat_ws(' ', 'GitHub', o.payload->>'event', 'event', o.payload->>'delivery') from outbox o
         where o.payload ? 'channelId' and o.payload->>'channelId' = $1::uuid::text and o.kind = 'github_event'
         order by o.id desc limit 1)
       union all
       (select received_at, 'Discourse event ' || event_id from forum_events where channel_id = $1::uuid
         order by received_at desc limit 1)
     ) latest order by at desc limit 1`,
    [channelId],
  );
  const [outbound] = await db.query<{ at: Date; what: string }>(
    `select d.delivered_at as at, d.kind || coalesce(' via ' || d.transport, '') as what from ${channelDeliveries} d
      where d.direction = 'out' and d.status = 'delivered' order by d.delivered_at desc limit 1`,
    [channelId],
  );
  const [counts] = await db.query<{ pending: number; retrying: number; dead: number }>(
    `select count(*) filter (where d.status in ('pending', 'sending') and d.attempts = 0)::int as pending,
            count(*) filter (where d.status in ('pending', 'sending') and d.attempts > 0)::int as retrying,
            count(*) filter (where d.status = 'dead')::int as dead
       from ${channelDeliveries} d where d.status in ('pending', 'sending', 'dead')`,
    [channelId],
  );
  const dead = await db.query<ChannelDelivery>(
    `select ${deliveryColumns} from ${channelDeliveries} d where d.status = 'dead' order by d.id desc limit 20`,
    [channelId],
  );
  const errors = await db.query<{ at: Date; code: string; reason: string; deliveryId: string | null }>(
    `select at, code, reason, "deliveryId" from (
       (select r.at, r.code, r.reason, null::uuid as "deliveryId" from channel_refusals r where r.channel_id = $1::uuid
         order by r.at desc limit 20)
       union all
       (select coalesce(d.last_error_at, d.created_at), 'delivery_failed', d.last_error, d.id from ${channelDeliveries} d
         where d.status in ('pending', 'sending', 'dead') and d.last_error is not null order by d.id desc limit 20)
     ) e order by at desc limit 20`,
    [channelId],
  );
  return {
    channelId: channel.id,
    slug: channel.slug,
    kind: channel.kind,
    lastInbound: inbound ?? null,
    lastOutbound: outbound ?? null,
    outbox: counts ?? { pending: 0, retrying: 0, dead: 0 },
    dead,
    recentErrors: errors,
  };
}

/** Whether outbox row deliveryId is one of channel channelId's deliveries, and its direction and status. */
export async function channelDelivery(
  db: Queryable,
  channelId: string,
  deliveryId: string,
): Promise<{ direction: "in" | "out"; status: string } | undefined> {
  const [row] = await db.query<{ direction: "in" | "out"; status: string }>(
    `select d.direction, d.status from ${channelDeliveries} d where d.id = $2::uuid`,
    [channelId, deliveryId],
  );
  return row;
}
