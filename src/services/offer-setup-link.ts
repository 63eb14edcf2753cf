import type { Db } from "../db/connect.js";
import { trySessionLock } from "../db/session-lock.js";
import { adminExists, createSetupLinkIfNeeded } from "./one-time-links.js";

/** The advisory lock of the process that printed the first-run link (one per database). */
const setupLinkHolderLock = 7468759;

/**
 * What a starting web process says about the first run: nothing once an administrator exists; else
 * the one process that holds the setup-link lock makes a fresh link and prints it, and every other
 * web process starting while it lives prints that another one has it (a second link would void the
 * first, and two links in two logs confuse). The holder keeps the lock until it stops: a process
 * started after it has gone makes a new link.
 */
export async function offerSetupLink(
  db: Db,
  databaseUrl: string | undefined,
): Promise<{ token?: string; elsewhere: boolean; release(): Promise<void> }> {
  const nothing = { elsewhere: false, release: async () => {} };
  if (await adminExists(db)) return nothing;
  const lock = await trySessionLock(db, databaseUrl, setupLinkHolderLock);
  if (!lock) return { ...nothing, elsewhere: true };
  const token = await createSetupLinkIfNeeded(db);
  if (!token) {
    await lock.release();
    return nothing;
  }
  return { token, elsewhere: false, release: () => lock.release() };
}
