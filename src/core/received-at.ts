import { earliestInstant } from "./instant.js";

/**
 * When another system says a report was made, as `receivedAt`: its time, unless it cannot be read, is
 * ahead of this server's clock (the sender's clock, not ours) or before 1970 (`earliestInstant`: an email's
 * Date of year 0050, say): then the report is taken as arriving now.
 */
export function receivedAtFrom(time: Date | string | null | undefined): string | undefined {
  if (time === null || time === undefined) return undefined;
  const at = time instanceof Date ? time.getTime() : Date.parse(time);
  return Number.isFinite(at) && at <= Date.now() && at >= earliestInstant ? new Date(at).toISOString() : undefined;
}
