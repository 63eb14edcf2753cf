import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../core/errors.js";
import { keyIdOf, open, SecretUnreadableError, seal } from "../core/secret-box.js";

/**
 * The keys that seal channel secrets at rest (docs/SECURITY.md "Secrets at rest"). The current key
 * seals; it and the previous ones open. Where the key lives:
 * - LOOPWORK_SECRET_KEY (base64, 32 bytes) when set: the choice for a server and several processes;
 * - otherwise a key made once in the data folder (`secret-key`, mode 0600), next to the embedded
 *   database. Never in the database itself: a dump or a stolen backup must not carry the key with the
 *   values it opens.
 * LOOPWORK_SECRET_KEY_PREVIOUS (comma-separated) lists keys that only open, for a rotation.
 */
export interface SecretKeys {
  current: Buffer;
  all: Buffer[];
}

/** The file in the data folder that holds a key made by Loopwork itself. */
export const secretKeyFile = "secret-key";

/** One base64 key from the environment; anything but 32 bytes stops the process with a clear reason. */
function decodeKey(value: string, name: string): Buffer {
  const key = Buffer.from(value.trim(), "base64");
  if (key.length !== 32) {
    throw new Error(`${name} must be 32 bytes in base64 (make one with: openssl rand -base64 32).`);
  }
  return key;
}

/** The key kept in folder, made (race-safe: the first writer wins, every other reads it) when there is none. */
function folderKey(folder: string): Buffer {
  const path = join(folder, secretKeyFile);
  try {
    return decodeKey(readFileSync(path, "utf8"), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(folder, { recursive: true });
  try {
    writeFileSync(path, `${randomBytes(32).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return decodeKey(readFileSync(path, "utf8"), path);
}

/** The keys for a configuration: from the environment, else the data folder (in memory: one per process). */
export function resolveSecretKeys(config: { dataFolder: string }, env: NodeJS.ProcessEnv = process.env): SecretKeys {
  // In memory the database goes with the process, so may the key.
  if (!env.LOOPWORK_SECRET_KEY && config.dataFolder === "memory") memoryKey ??= randomBytes(32);
  const current = env.LOOPWORK_SECRET_KEY
    ? decodeKey(env.LOOPWORK_SECRET_KEY, "LOOPWORK_SECRET_KEY")
    : config.dataFolder === "memory" && memoryKey
      ? memoryKey
      : folderKey(config.dataFolder);
  const previous = (env.LOOPWORK_SECRET_KEY_PREVIOUS ?? "")
    .split(",")
    .filter((value) => value.trim() !== "")
    .map((value) => decodeKey(value, "LOOPWORK_SECRET_KEY_PREVIOUS"));
  return { current, all: [current, ...previous] };
}
let memoryKey: Buffer | undefined;

let installed: SecretKeys | undefined;

/**
 * Makes keys the process's: startLoopwork (every role) and `loopwork secrets rotate` install them
 * before anything reads a channel. A later install (a test's second app) keeps the earlier keys for
 * opening and seals with its own.
 */
export function installSecretKeys(keys: SecretKeys): void {
  const known = installed?.all ?? [];
  const all = [...keys.all, ...known.filter((key) => !keys.all.some((other) => other.equals(key)))];
  installed = { current: keys.current, all };
}

/** The process's keys; a process that installed none reads LOOPWORK_SECRET_KEY or fails (never a made-up key). */
function keys(): SecretKeys {
  if (installed) return installed;
  if (!process.env.LOOPWORK_SECRET_KEY) {
    throw new Error("No secret key installed: set LOOPWORK_SECRET_KEY or start through startLoopwork.");
  }
  installed = resolveSecretKeys({ dataFolder: "memory" });
  return installed;
}

/** A secret sealed for storage under the current key. */
export function sealSecret(value: string): string {
  return seal(keys().current, value);
}

/** A stored secret opened (a plain, pre-encryption value as it is); null and non-strings give undefined. */
export function openSecret(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  try {
    return open(keys().all, value);
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    // 503: the installation's key is missing or wrong; the caller (a sender, a worker) may try again later.
    throw new AppError("secret_unreadable", `${error.message} See docs/SECURITY.md "Secrets at rest".`);
  }
}

/** The id of the current key (8 hex digits), as sealed values carry it. */
export function currentKeyId(): string {
  return keyIdOf(keys().current);
}

/** The ids of every key this process can open with. */
export function knownKeyIds(): string[] {
  return keys().all.map(keyIdOf);
}
