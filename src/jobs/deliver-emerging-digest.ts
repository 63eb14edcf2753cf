import { z } from "zod";
import { buildEmergingDigestEmail } from "../integrations/email/emerging-digest-email.js";
import { digestPatterns } from "../services/emerging-digests.js";
import {
  type DeliveryContext,
  DeliveryDeferred,
  type OutboxHandler,
  type OutboxRow,
  PermanentDeliveryError,
} from "./outbox-handler.js";

const payload = z.object({ userId: z.uuid(), loopId: z.uuid(), patternIds: z.array(z.uuid()).min(1) });

/** Sends an owner's daily digest of emerging patterns (queued by queueEmergingDigests): a fresh email. */
export async function deliverEmergingDigest(row: OutboxRow, context: DeliveryContext): Promise<void> {
  const parsed = payload.safeParse(row.payload);
  if (!parsed.success) throw new PermanentDeliveryError(`Outbox row ${row.id} is not an emerging digest.`);
  const { userId, loopId, patternIds } = parsed.data;
  const [who] = await context.db.query<{ name: string; email: string; loop_name: string }>(
    "select u.name, u.email, l.name as loop_name from users u, loops l where u.id = $1 and l.id = $2",
    [userId, loopId],
  );
  if (!who) throw new PermanentDeliveryError(`User ${userId} or loop ${loopId} does not exist any more.`);
  context.useTransport("email");
  const sender = context.email();
  if (!sender) throw new DeliveryDeferred("No SMTP server is configured (SMTP_URL): the email waits in the outbox.");
  const patterns = await digestPatterns(context.db, patternIds);
  await sender.send(
    buildEmergingDigestEmail({
      idempotencyKey: row.idempotency_key,
      from: context.config.emailFrom,
      publicUrl: context.config.publicUrl,
      user: { name: who.name, email: who.email },
      loopName: who.loop_name,
      patterns: patterns.map((p) => ({
        id: p.id,
        title: p.title,
        priority: Number(p.priority),
        momentum: Number(p.momentum),
        signalCount: p.signal_count,
      })),
    }),
  );
}

/** The outbox handler of kind 'emerging_digest': nothing else to update when it is delivered or dead. */
export const emergingDigestHandler: OutboxHandler = {
  deliver: deliverEmergingDigest,
  delivered: async () => {},
  dead: async () => {},
};
