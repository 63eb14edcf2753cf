import type { Queryable } from "../src/db/connect.js";
import type { SignalInput } from "../src/services/create-signals.js";

/** A small, seeded PRNG (mulberry32): every run sends the same kind of traffic. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Who sends the next signal: about 60% are people the loop has not heard from yet, 40% come back, the
 * most active people most often (a squared uniform draw favours the earliest contacts).
 */
export class Contacts {
  private seen = 0;
  readonly draw: () => number;

  constructor(
    private readonly domain: string,
    seed: number,
    private readonly repeatShare = 0.4,
  ) {
    this.draw = random(seed);
  }

  /** The email of the next signal's contact and whether it is new to the loop. */
  next(): { email: string; isNew: boolean } {
    if (this.seen > 0 && this.draw() < this.repeatShare) {
      const index = Math.floor(this.seen * this.draw() ** 2);
      return { email: `person${index}@${this.domain}`, isNew: false };
    }
    return { email: `person${this.seen++}@${this.domain}`, isNew: true };
  }
}

const urgencies = ["low", "normal", "normal", "normal", "high", "critical"] as const;

/** n signals as a channel delivers them: each from a contact by email, attached to one pattern. */
export function signalInputs(
  n: number,
  context: { channelId: string; patternIds: string[]; contacts: Contacts; label: string },
): { inputs: SignalInput[]; newContacts: number } {
  const draw = context.contacts.draw;
  let newContacts = 0;
  const inputs = Array.from({ length: n }, (_, i): SignalInput => {
    const contact = context.contacts.next();
    if (contact.isNew) newContacts++;
    const patternId = context.patternIds[Math.floor(draw() * context.patternIds.length)] ?? "";
    return {
      channelId: context.channelId,
      contact: { email: contact.email },
      title: `${context.label} ${i}: export to CSV drops the last row`,
      body: "When I export a report with more than 1,000 rows the last one is missing. Happens every time since Monday.",
      urgency: urgencies[Math.floor(draw() * urgencies.length)] ?? "normal",
      threadRef: `<${context.label}-${i}@mail.example.com>`,
      patternIds: [patternId],
      score: 1,
    };
  });
  return { inputs, newContacts };
}

/** A loop with one email channel and n open patterns of that loop, made with plain SQL (setup, not measured). */
export async function seedLoop(
  q: Queryable,
  label: string,
  patterns: number,
): Promise<{ loopId: string; channelId: string; patternIds: string[] }> {
  const [loop] = await q.query<{ id: string }>("insert into loops (slug, name) values ($1, $1) returning id", [label]);
  if (!loop) throw new Error("no loop");
  const [channel] = await q.query<{ id: string }>(
    "insert into channels (loop_id, slug, name, kind) values ($1, $2, $2, 'email') returning id",
    [loop.id, `${label}-support`],
  );
  if (!channel) throw new Error("no channel");
  const rows = await q.query<{ id: string }>(
    `insert into patterns (loop_id, title) select $3, $1 || ' pattern ' || g from generate_series(1, $2) g returning id`,
    [label, patterns, loop.id],
  );
  return { loopId: loop.id, channelId: channel.id, patternIds: rows.map((row) => row.id) };
}
