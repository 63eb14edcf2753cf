import { isSealed } from "../core/secret-box.js";
import type { Queryable } from "../db/connect.js";
import { currentKeyId, knownKeyIds, openSecret, sealSecret } from "./secret-keys.js";

/** Every secret a channel's config may hold: write-only in the API, sealed at rest (docs/SECURITY.md). */
export const channelSecretFields = ["webhookSecret", "githubToken", "imapUrl", "forumApiKey"] as const;

/** A channel config (or config patch) with its plain secrets sealed; null (a removal) and other keys untouched. */
export function sealChannelConfig<T>(config: T): T {
  if (typeof config !== "object" || config === null) return config;
  const sealed: Record<string, unknown> = { ...(config as Record<string, unknown>) };
  for (const field of channelSecretFields) {
    const value = sealed[field];
    if (typeof value === "string" && !isSealed(value)) sealed[field] = sealSecret(value);
  }
  return sealed as T;
}

/** The key id a sealed value names ("enc:v1:<keyId>:…"), undefined for a plain value. */
function keyIdOfValue(value: string): string | undefined {
  return isSealed(value) ? value.split(":")[2] : undefined;
}

/**
 * Seals every plain channel secret (rows written before secrets were sealed) and, with rotate, seals
 * again under the current key every value sealed under an older one. Run at every start (cheap: one
 * read of the channels that have secrets) and by `loopwork secrets rotate`. A value sealed under a key
 * this process lacks stops it with the reason: a process started with the wrong LOOPWORK_SECRET_KEY
 * must not run half-blind. Each row is written only if it is unchanged since read, so two processes
 * starting at once cannot lose a concurrent change.
 */
export async function sealStoredChannelSecrets(
  db: Queryable,
  options: { rotate?: boolean } = {},
): Promise<{ sealed: number; resealed: number }> {
  const rows = await db.query<{ id: string; slug: string; config: Record<string, unknown> }>(
    "select id, slug, config from channels where config ?| $1::text[]",
    [channelSecretFields as readonly string[]],
  );
  const known = knownKeyIds();
  const current = currentKeyId();
  let sealed = 0;
  let resealed = 0;
  for (const row of rows) {
    const next = { ...row.config };
    let changed = false;
    for (const field of channelSecretFields) {
      const value = row.config[field];
      if (typeof value !== "string") continue;
      const keyId = keyIdOfValue(value);
      if (keyId === undefined) {
        next[field] = sealSecret(value);
        sealed += 1;
        changed = true;
      } else if (!known.includes(keyId)) {
        throw new Error(
          `Channel ${row.slug}'s ${field} was sealed with key ${keyId}, which this process does not have: start it with that installation's LOOPWORK_SECRET_KEY (docs/SECURITY.md).`,
        );
      } else if (options.rotate && keyId !== current) {
        next[field] = sealSecret(openSecret(value) ?? "");
        resealed += 1;
        changed = true;
      }
    }
    if (changed) {
      await db.query("update channels set config = $2::jsonb where id = $1 and config = $3::jsonb", [
        row.id,
        JSON.stringify(next),
        JSON.stringify(row.config),
      ]);
    }
  }
  return { sealed, resealed };
}
