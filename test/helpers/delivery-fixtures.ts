import { randomUUID } from "node:crypto";
import type { Queryable } from "../../src/db/connect.js";

/** How to seed: how many people to notify, through which channel, with how many attempts each. */
export interface DeliverySeed {
  count?: number;
  channelKind?: "email" | "forum" | "github" | "chat" | "widget" | "api" | "webhook" | "csv";
  channelConfig?: Record<string, unknown>;
  maxAttempts?: number;
  /** False seeds contacts without an email address. */
  withEmail?: boolean;
}

/** The ids of one seeded snapback: a whole loop with `count` queued notifications and outbox rows. */
export interface DeliveryFixture {
  tag: string;
  channelId: string;
  productId: string;
  releaseId: string;
  deploymentId: string;
  patternId: string;
  patternTitle: string;
  /** In the same order, one per notified person: contacts[i] asked signals[i], notified by notifications[i]. */
  contacts: { id: string; email: string | null }[];
  signals: { id: string; threadRef: string; title: string }[];
  notifications: string[];
  outbox: string[];
}

const one = async (db: Queryable, sql: string, params: unknown[]): Promise<string> => {
  const [row] = await db.query<{ id: string }>(sql, params);
  if (!row) throw new Error(`fixture insert returned nothing: ${sql}`);
  return row.id;
};

/**
 * Inserts, in plain SQL, what snapback leaves behind: a loop, a channel, a product with a release
 * deployed to production, an addressed pattern, and per person a contact, a signal (thread
 * <original-i@mail.example>) attached to the pattern, a queued notification and its pending outbox row.
 */
export async function seedDelivery(db: Queryable, seed: DeliverySeed = {}): Promise<DeliveryFixture> {
  const count = seed.count ?? 1;
  const tag = randomUUID().slice(0, 8);
  const loopId = await one(db, "insert into loops (slug, name) values ($1, $2) returning id", [
    `loop-${tag}`,
    `Loop ${tag}`,
  ]);
  const channelId = await one(
    db,
    "insert into channels (loop_id, slug, name, kind, config) values ($1, $2, $3, $4, $5::jsonb) returning id",
    [loopId, `support-${tag}`, "Support", seed.channelKind ?? "email", JSON.stringify(seed.channelConfig ?? {})],
  );
  const productId = await one(db, "insert into products (loop_id, slug, name) values ($1, $2, $3) returning id", [
    loopId,
    `ledger-${tag}`,
    `Ledger ${tag}`,
  ]);
  const releaseId = await one(db, "insert into releases (product_id, name) values ($1, '2.4.0') returning id", [
    productId,
  ]);
  const deploymentId = await one(
    db,
    `insert into deployments (release_id, environment, status, finished_at)
     values ($1, 'production', 'success', now()) returning id`,
    [releaseId],
  );
  const patternTitle = `CSV export times out ${tag}`;
  const patternId = await one(
    db,
    `insert into patterns (title, status, generation, addressed_at) values ($1, 'addressed', 1, now()) returning id`,
    [patternTitle],
  );
  const people = await db.query<{
    contact_id: string;
    email: string | null;
    signal_id: string;
    thread_ref: string;
    title: string;
  }>(
    `with contacts_in as (
       insert into contacts (name, email)
       select 'Person ' || g, case when $3 then 'person-' || g || '-' || $2 || '@mail.example' end
         from generate_series(1, $1) g
       returning id, name, email
     ), numbered as (
       select id, email, substring(name from 8)::int as i from contacts_in
     ), signals_in as (
       insert into signals (channel_id, contact_id, title, thread_ref, received_at)
       select $4, id, 'Export fails with a timeout #' || i, '<original-' || i || '@mail.example>',
              now() - interval '1 day' from numbered
       returning id, contact_id, thread_ref, title
     )
     select n.id as contact_id, n.email, s.id as signal_id, s.thread_ref, s.title
       from numbered n join signals_in s on s.contact_id = n.id order by n.i`,
    [count, tag, seed.withEmail ?? true, channelId],
  );
  await db.query(
    `insert into signal_patterns (signal_id, pattern_id, attached_by) select unnest($1::uuid[]), $2, 'fixture'`,
    [people.map((p) => p.signal_id), patternId],
  );
  const queued = await db.query<{ signal_id: string; notification_id: string; outbox_id: string }>(
    `with n as (
       insert into notifications (pattern_id, contact_id, generation, signal_id, deployment_id, first_signal_at)
       select $1, s.contact_id, 1, s.id, $2, s.received_at from signals s where s.id = any($3::uuid[])
       returning id, signal_id
     ), o as (
       insert into outbox (kind, idempotency_key, notification_id, max_attempts)
       select 'notification', 'notification:' || id, id, $4 from n
       returning id, notification_id
     )
     select n.signal_id, n.id as notification_id, o.id as outbox_id from n join o on o.notification_id = n.id`,
    [patternId, deploymentId, people.map((p) => p.signal_id), seed.maxAttempts ?? 8],
  );
  const bySignal = new Map(queued.map((row) => [row.signal_id, row]));
  return {
    tag,
    channelId,
    productId,
    releaseId,
    deploymentId,
    patternId,
    patternTitle,
    contacts: people.map((p) => ({ id: p.contact_id, email: p.email })),
    signals: people.map((p) => ({ id: p.signal_id, threadRef: p.thread_ref, title: p.title })),
    notifications: people.map((p) => bySignal.get(p.signal_id)?.notification_id ?? ""),
    outbox: people.map((p) => bySignal.get(p.signal_id)?.outbox_id ?? ""),
  };
}
