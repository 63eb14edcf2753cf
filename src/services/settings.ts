import { randomBytes } from "node:crypto";
import type { Queryable } from "../db/connect.js";

/** The settings key of the secret that signs answer links. */
export const answerLinkSecretKey = "answer_link_secret";

/** The settings key of the secret that signs customer links (a key of its own: see core/customer-link.ts). */
export const customerLinkSecretKey = "customer_link_secret";

/**
 * The 32-byte secret stored under key, created at random on first use. There is never a default:
 * a secret shipped in the code would let anyone forge answer links for every installation.
 * Race-safe: when several processes start at once, every insert but one does nothing and all of them
 * read the one that won. Read first: after the first use that is the only statement.
 */
export async function getOrCreateSecret(db: Queryable, key: string): Promise<Buffer> {
  const read = async () => (await db.query<{ value: unknown }>("select value from settings where key = $1", [key]))[0];
  let row = await read();
  if (!row) {
    await db.query("insert into settings (key, value) values ($1, $2::jsonb) on conflict (key) do nothing", [
      key,
      JSON.stringify(randomBytes(32).toString("hex")),
    ]);
    row = await read();
  }
  const hex = row?.value;
  // A hand-edited or truncated value must stop delivery, not silently sign with a weak key.
  if (typeof hex !== "string" || !/^[0-9a-f]{64}$/.test(hex)) {
    throw new Error(`The setting ${key} is not a 32-byte hex secret: delete it to have a new one made.`);
  }
  return Buffer.from(hex, "hex");
}
