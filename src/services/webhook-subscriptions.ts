import { isIP } from "node:net";
import { z } from "zod";
import { atLeast, type Principal, roleIn } from "../core/access.js";
import { AppError, notFound } from "../core/errors.js";
import { eventTypeNames } from "../core/event-types.js";
import { isPrivateAddress } from "../core/network-address.js";
import { newToken } from "../core/secrets.js";
import { uuid } from "../core/uuid.js";
import { camelize } from "../db/columns.js";
import type { Queryable } from "../db/connect.js";
import type { Tx } from "./transaction.js";

const url = () => z.url({ protocol: /^https?$/ }).max(2000);
const types = () =>
  z
    .array(z.enum(eventTypeNames))
    .min(1)
    .max(50)
    .transform((list) => [...new Set(list)]);
const secret = () => z.string().min(16).max(200);

/** A new subscription: without loopId, every loop's events (administrators only); without secret, one is made. */
export const subscriptionInput = z.strictObject({
  loopId: uuid().nullable().optional(),
  url: url(),
  eventTypes: types(),
  secret: secret().optional(),
  allowPrivateNetwork: z.boolean().default(false),
});
/** A change: a new URL, event types, secret (rotated at once) or private-network setting. */
export const subscriptionChange = z.strictObject({
  url: url().optional(),
  eventTypes: types().optional(),
  secret: secret().optional(),
  allowPrivateNetwork: z.boolean().optional(),
});

/** A subscription as the API shows it: never its secret. */
export interface SubscriptionView {
  id: string;
  loopId: string | null;
  url: string;
  eventTypes: string[];
  allowPrivateNetwork: boolean;
  secretSet: true;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const columns = "id, loop_id, url, event_types, allow_private_network, created_by, created_at, updated_at";
const view = (row: Record<string, unknown> | undefined) =>
  ({ ...camelize(row ?? {}), secretSet: true }) as SubscriptionView;

/** What the timeline keeps of a subscription: where it points (the host: a URL may carry a token), not its secret. */
const audit = (s: SubscriptionView) => ({ loopId: s.loopId, host: new URL(s.url).host, eventTypes: s.eventTypes });

/** An administrator acting for the whole installation (not through a token bound to a loop). */
const installationAdmin = (p: Principal) => p.admin && p.scope === "admin" && !p.loopId;

/** Owners of the subscription's loop, or administrators for an installation-wide one; others are refused. */
export function requireSubscriptionManager(principal: Principal, loopId: string | null, hidden: () => AppError): void {
  if (loopId === null) {
    if (installationAdmin(principal)) return;
    if (principal.loopId) throw hidden();
    throw new AppError("forbidden", "Only an administrator manages a subscription to every loop's events.");
  }
  if (principal.loopId && principal.loopId !== loopId) throw hidden();
  if (!atLeast(roleIn(principal, [loopId]), "owner")) {
    throw new AppError("forbidden", "You need to be an owner of the subscription's loop to do that.");
  }
}

/** Refuses a URL whose host is a private address written out (the guarded agent refuses names resolving to one). */
function requirePublicTarget(target: string, allowPrivateNetwork: boolean): void {
  if (allowPrivateNetwork) return;
  // A fully qualified name's trailing dot (localhost.) names the same host.
  const host = new URL(target).hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost") || (isIP(host) && isPrivateAddress(host))) {
    throw new AppError(
      "invalid_input",
      `${host} is a loopback, private or link-local address: deliveries there are refused unless allowPrivateNetwork is true.`,
      { path: "body.url" },
    );
  }
}

/** Subscribes a URL to event types; the answer carries the secret, shown this once. */
export async function createSubscription(
  tx: Tx,
  principal: Principal,
  input: z.output<typeof subscriptionInput>,
): Promise<SubscriptionView & { secret: string }> {
  // A token bound to a loop subscribes for its loop unless it says otherwise.
  const loopId = input.loopId === undefined ? principal.loopId : input.loopId;
  if (loopId) {
    const [loop] = await tx.query("select 1 from loops where id = $1", [loopId]);
    if (!loop) throw notFound("loop", loopId, "body.loopId");
  }
  requireSubscriptionManager(principal, loopId, () => notFound("loop", loopId ?? "", "body.loopId"));
  requirePublicTarget(input.url, input.allowPrivateNetwork);
  const key = input.secret ?? newToken("whsec");
  const [row] = await tx.query<Record<string, unknown>>(
    `insert into webhook_subscriptions (loop_id, url, secret, event_types, allow_private_network, created_by)
     values ($1, $2, $3, $4, $5, $6) returning ${columns}`,
    [loopId, input.url, key, input.eventTypes, input.allowPrivateNetwork, tx.actor],
  );
  const made = view(row);
  tx.record({ entityType: "webhook_subscription", entityId: made.id, verb: "created", after: audit(made) });
  return { ...made, secret: key };
}

/** The subscriptions this principal manages, newest first: an administrator's, all of them. */
export async function listSubscriptions(
  q: Queryable,
  principal: Principal,
  filter: { loopId?: string } = {},
): Promise<{ items: SubscriptionView[] }> {
  const everything = installationAdmin(principal);
  const owned = (principal.loopId ? [principal.loopId] : Object.keys(principal.roles)).filter((loopId) =>
    atLeast(roleIn(principal, [loopId]), "owner"),
  );
  const rows = await q.query<Record<string, unknown>>(
    `select ${columns} from webhook_subscriptions
      where ($1::boolean or loop_id = any($2::uuid[])) and ($3::uuid is null or loop_id = $3)
      order by id desc limit 500`,
    [everything, owned, filter.loopId ?? null],
  );
  return { items: rows.map(view) };
}

/** One subscription, for someone who manages it; not_found otherwise when its loop is hidden from them. */
export async function getSubscription(q: Queryable, principal: Principal, id: string, lock = false) {
  const [row] = await q.query<Record<string, unknown>>(
    `select ${columns} from webhook_subscriptions where id = $1${lock ? " for update" : ""}`,
    [id],
  );
  if (!row) throw notFound("webhook subscription", id);
  const found = view(row);
  requireSubscriptionManager(principal, found.loopId, () => notFound("webhook subscription", id));
  return found;
}

/** Changes a subscription; a new secret signs every delivery from now on, retries of earlier ones too. */
export async function updateSubscription(
  tx: Tx,
  principal: Principal,
  id: string,
  change: z.output<typeof subscriptionChange>,
): Promise<SubscriptionView> {
  const before = await getSubscription(tx, principal, id, true);
  const allowPrivate = change.allowPrivateNetwork ?? before.allowPrivateNetwork;
  requirePublicTarget(change.url ?? before.url, allowPrivate);
  const [row] = await tx.query<Record<string, unknown>>(
    `update webhook_subscriptions set url = coalesce($2, url), event_types = coalesce($3, event_types),
            secret = coalesce($4, secret), allow_private_network = $5, updated_at = now()
      where id = $1 returning ${columns}`,
    [id, change.url ?? null, change.eventTypes ?? null, change.secret ?? null, allowPrivate],
  );
  const after = view(row);
  tx.record({
    entityType: "webhook_subscription",
    entityId: id,
    verb: "updated",
    before: audit(before),
    after: { ...audit(after), ...(change.secret ? { secretChanged: true } : {}) },
  });
  return after;
}

/** Removes a subscription: nothing more is queued for it, and its deliveries not sent yet go dead. */
export async function removeSubscription(tx: Tx, principal: Principal, id: string): Promise<SubscriptionView> {
  const removed = await getSubscription(tx, principal, id, true);
  await tx.query("delete from webhook_subscriptions where id = $1", [id]);
  tx.record({ entityType: "webhook_subscription", entityId: id, verb: "removed", before: audit(removed) });
  return removed;
}
