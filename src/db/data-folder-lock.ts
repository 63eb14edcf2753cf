import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../core/errors.js";

/** Claims the embedded database's folder for this process; returns the function that releases it. */
export function lockDataFolder(folder: string): () => void {
  const file = join(folder, "loopwork.pid");
  try {
    writeFileSync(file, String(process.pid), { flag: "wx" });
  } catch {
    const holder = Number(readFileSync(file, "utf8"));
    if (holder !== process.pid && isAlive(holder)) {
      throw new AppError(
        "data_folder_in_use",
        `The data folder ${folder} is in use by process ${holder}. Stop it first, or use a server (DATABASE_URL) to share one database between processes.`,
      );
    }
    // A stale lock left by a process that died: take it over.
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
