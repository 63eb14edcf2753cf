import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Channel secrets at rest: AES-256-GCM, a random 96-bit nonce per value, in a versioned envelope
 * `enc:v1:<keyId>:<nonce>:<ciphertext>:<tag>` (base64url parts). keyId names the key (the first 8 hex
 * digits of its SHA-256), so a value sealed under a previous key says which key it needs, and rotation
 * can keep old keys for reading while sealing with the new one. Pure: the keys are passed in.
 */

const prefix = "enc:v1:";

/** The id a sealed value carries for key: 8 hex digits of its SHA-256 (tells keys apart, reveals nothing useful). */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** Whether value is a sealed envelope (any version) rather than a plain secret. */
export function isSealed(value: string): boolean {
  return value.startsWith("enc:");
}

/** value sealed under key. */
export function seal(key: Buffer, value: string): string {
  if (key.length !== 32) throw new Error("A secret key is 32 bytes.");
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const ciphertext = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  const parts = [keyIdOf(key), nonce, ciphertext, cipher.getAuthTag()];
  return prefix + parts.map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(":");
}

/** Why a sealed value could not be opened: no key with its id, or it was altered (or is not an envelope of ours). */
export class SecretUnreadableError extends Error {}

/**
 * The plain secret of a stored value: a sealed one opened with the key it names among keys, a plain one
 * (written before secrets were sealed) as it is, so an old row never breaks.
 */
export function open(keys: readonly Buffer[], value: string): string {
  if (!isSealed(value)) return value;
  const [version, keyId, nonce, ciphertext, tag] = value.slice("enc:".length).split(":");
  if (version !== "v1" || !keyId || nonce === undefined || ciphertext === undefined || tag === undefined) {
    throw new SecretUnreadableError("The stored secret is not an enc:v1 envelope.");
  }
  const key = keys.find((candidate) => keyIdOf(candidate) === keyId);
  if (!key) {
    throw new SecretUnreadableError(
      `The stored secret was sealed with key ${keyId}, which this process does not have (LOOPWORK_SECRET_KEY).`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnreadableError(`The stored secret sealed with key ${keyId} was altered or is damaged.`);
  }
}
