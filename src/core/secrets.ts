import { createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Passwords and random tokens. Passwords are hashed with scrypt (memory-hard: 32 MiB per guess), each
 * with its own salt; tokens are 256 random bits, so a fast SHA-256 is enough to store them safely.
 */

// N = 2^15, r = 8: 128 * N * r = 32 MiB per hash, ~50–100 ms here. Stored with the hash, so raising
// them later keeps old hashes verifiable.
const cost = { N: 2 ** 15, r: 8, p: 1 };
const keyLength = 32;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, keyLength, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** "scrypt$N$r$p$salt$hash" (base64url parts) for a password. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost.N, cost.r, cost.p);
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Whether password matches a stored hash; false (never an error) for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split("$");
  if (kind !== "scrypt" || !salt || !hash) return false;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  // Bounded near today's cost: a planted hash must not make one sign-in cost gigabytes.
  if (![N, R, P].every(Number.isSafeInteger) || N < 2 || N > 2 ** 16 || R < 1 || R > 8 || P < 1 || P > 2) {
    return false;
  }
  const expected = Buffer.from(hash, "base64url");
  const key = await derive(password, Buffer.from(salt, "base64url"), N, R, P);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash to compare against when no such person exists: signing in as a stranger costs the same time
 * as signing in with a wrong password, so the answer's timing does not tell who has an account.
 */
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  return decoy;
}
let decoy: Promise<string> | undefined;

/** A new random token: `<prefix>_` and 256 bits, URL-safe. */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/** How a token is stored and looked up: its SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
