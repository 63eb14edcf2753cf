import { z } from "zod";

/**
 * The earliest time Loopwork takes for anything people send: 1970-01-01T00:00:00Z. Nothing Loopwork
 * records happened before it; such a time is a client's bug (a zero or a two-digit year parsed somewhere).
 * It also keeps clear of a hazard: the embedded database (PGlite) reads a year below 100 back as 19xx
 * (0050 as 1950), so such a time would not be the one stored.
 */
export const earliestInstant = Date.UTC(1970, 0, 1);

const tooEarly =
  "A time before 1970-01-01T00:00:00Z is not taken: give when it happened (a client's clock or parser is wrong).";

/** Whether an ISO 8601 text names a time Loopwork takes (at or after earliestInstant). */
const notTooEarly = (value: string) => Date.parse(value) >= earliestInstant;

/**
 * A point in time as people send it: ISO 8601 with its offset (2026-11-01T09:00:00Z), not before 1970.
 * The one schema for every timestamp field of a request (receivedAt, scheduledAt, …).
 */
export const instant = () => z.iso.datetime({ offset: true }).refine(notTooEarly, tooEarly);

/**
 * A bound of a range as people send it: a date and time with its offset, or a date alone (its midnight,
 * UTC); not before 1970.
 */
export const instantOrDate = () =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], {
      // A union's own message is "Invalid input": say what either form looks like.
      error: "Give a date (2026-11-01) or a date and time with its offset (2026-11-01T09:00:00Z).",
    })
    .refine(notTooEarly, tooEarly);
