import { readdirSync, readFileSync } from "node:fs";

// Linux clock ticks per second for /proc/<pid>/stat (USER_HZ is 100 on every mainstream kernel).
const ticksPerSecond = 100;

/** CPU seconds (user + system) a process has used, from /proc; null where there is no /proc. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces: the fields we want come after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

/** CPU seconds used by every local process whose name is `name` (e.g. all PostgreSQL backends). */
export function cpuSecondsByName(name: string): number | null {
  let total = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (comm !== name) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
      found = true;
    } catch {
      // The process ended while we looked: its time is lost, which is fine for an estimate.
    }
  }
  return found ? total : null;
}

/**
 * Where the CPU went during a measurement: this process, one child, and the local PostgreSQL server's
 * processes (backends that ended during the measurement are missed: an estimate, not an account).
 */
export class CpuMeter {
  private readonly start: { self: NodeJS.CpuUsage; child: number | null; postgres: number | null };

  constructor(private readonly childPid?: number) {
    this.start = {
      self: process.cpuUsage(),
      child: childPid ? processCpuSeconds(childPid) : null,
      postgres: cpuSecondsByName("postgres"),
    };
  }

  /** CPU seconds used since the meter was made, per part. */
  read(): { loadGenerator: number; server: number | null; postgres: number | null } {
    const self = process.cpuUsage(this.start.self);
    const child = this.childPid ? processCpuSeconds(this.childPid) : null;
    const postgres = cpuSecondsByName("postgres");
    return {
      loadGenerator: (self.user + self.system) / 1e6,
      server: child !== null && this.start.child !== null ? child - this.start.child : null,
      postgres: postgres !== null && this.start.postgres !== null ? postgres - this.start.postgres : null,
    };
  }
}
