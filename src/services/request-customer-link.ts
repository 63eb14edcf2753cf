import type { Db } from "../db/connect.js";
import { inTransaction, outboxChannel, type Tx } from "./transaction.js";

/** How often one contact can be sent a fresh customer link, at most. */
export const customerLinkIntervalMinutes = 10;

/**
 * Queues an email with a fresh customer link to the contact with this email address, if there is one
 * (POST /customer-links). Says nothing about whether there was: the caller answers alike either way,
 * so the endpoint cannot be used to learn who is a contact.
 */
export async function requestCustomerLink(db: Db, email: string): Promise<void> {
  await inTransaction(db, "anonymous", (tx) =>
    queueCustomerLink(
      tx,
      "select id from contacts where lower(email) = lower($1) and email is not null limit 1",
      email,
    ),
  );
}

/**
 * Queues a customer link to the contact that `contactSql` selects (its id, given one parameter), and
 * records it on the timeline as done by the transaction's actor; undefined when nobody was found or
 * the contact was sent one within the interval. One statement whether or not the contact exists: the
 * answer's timing tells little either way. At most one email per contact per interval: the
 * idempotency key names the interval, and a request just after an interval's boundary finds the
 * previous one's row still recent. The payload names the contact only: the link is signed when the
 * email is sent and is never stored.
 */
export async function queueCustomerLink(
  tx: Tx,
  contactSql: string,
  param: string,
): Promise<{ id: string; contactId: string; createdAt: Date } | undefined> {
  const [queued] = await tx.query<{ id: string; contact_id: string; created_at: Date }>(
    `with contact as (${contactSql}), bucket as (
       select floor(extract(epoch from now()) / ($2::int * 60))::bigint as n
     )
     insert into outbox (kind, idempotency_key, payload)
     select 'customer_link', 'customer_link:' || c.id || ':' || b.n, jsonb_build_object('contactId', c.id)
       from contact c, bucket b
      where not exists (
        select 1 from outbox o
         where o.idempotency_key = 'customer_link:' || c.id || ':' || (b.n - 1)
           and o.created_at > now() - $2::int * interval '1 minute')
     on conflict (idempotency_key) do nothing
     returning id, payload->>'contactId' as contact_id, created_at`,
    [param, customerLinkIntervalMinutes],
  );
  if (!queued) return undefined;
  tx.record({
    entityType: "contact",
    entityId: queued.contact_id,
    verb: "customer_link_requested",
    after: { outboxId: queued.id },
  });
  await tx.query("select pg_notify($1, '')", [outboxChannel]);
  return { id: queued.id, contactId: queued.contact_id, createdAt: new Date(queued.created_at) };
}
