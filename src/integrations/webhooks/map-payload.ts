import { z } from "zod";
import { titleFromText } from "../../core/title-from-text.js";

/** An RFC 6901 JSON Pointer: "" is the whole document, "/ticket/subject" a field, "/tags/0" an item. */
const pointer = z
  .string()
  .max(500)
  .regex(/^(\/([^~]|~[01])*)*$/, "Use a JSON Pointer such as /ticket/subject (~1 for a / in a name, ~0 for ~).");

const urgencies = ["low", "normal", "high", "critical"] as const;

/**
 * How a webhook channel reads a body that is not Loopwork's own signal shape (a support desk's ticket, a
 * chat message, a CRM note): where in the JSON each field of the signal is.
 */
export const payloadMapping = z
  .strictObject({
    title: pointer.optional(),
    body: pointer.optional(),
    contactEmail: pointer.optional(),
    contactName: pointer.optional(),
    account: pointer.optional(),
    urgency: pointer.optional(),
    /** The sender's words for urgency ("P1", "urgent") → Loopwork's; a value not listed is "normal". */
    urgencyValues: z.record(z.string().max(100), z.enum(urgencies)).optional(),
    /** The sender's id of the item: a repeat of it is the same signal. */
    externalId: pointer.optional(),
    threadRef: pointer.optional(),
    receivedAt: pointer.optional(),
    productVersion: pointer.optional(),
  })
  .refine((m) => m.title !== undefined || m.body !== undefined, { message: "Map at least title or body." });
export type PayloadMapping = z.infer<typeof payloadMapping>;

/** The value at `path` in `document`, or undefined when there is none. */
export function valueAt(document: unknown, path: string): unknown {
  if (path === "") return document;
  let value = document;
  for (const raw of path.slice(1).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(value) && /^(0|[1-9]\d*)$/.test(key)) value = value[Number(key)];
    else if (value !== null && typeof value === "object" && Object.hasOwn(value, key)) {
      value = (value as Record<string, unknown>)[key];
    } else return undefined;
  }
  return value;
}

/** A value as text: strings as they are, numbers and booleans written out, anything else nothing. */
function textAt(document: unknown, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const value = valueAt(document, path);
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/**
 * The signal a mapped body stands for, in the shape POST /signals takes (validated afterwards like any
 * signal, so a missing or overlong field is refused with its path). A body without a title gets the
 * first line of its text.
 */
export function mapPayload(mapping: PayloadMapping, document: unknown): Record<string, unknown> {
  const body = textAt(document, mapping.body);
  const title = textAt(document, mapping.title) ?? (body === undefined ? undefined : titleFromText(body));
  const email = textAt(document, mapping.contactEmail);
  const urgencyWord = textAt(document, mapping.urgency);
  const urgency =
    urgencyWord === undefined ? undefined : (mapping.urgencyValues?.[urgencyWord] ?? asUrgency(urgencyWord));
  const signal: Record<string, unknown> = {
    title,
    body,
    urgency,
    externalId: textAt(document, mapping.externalId),
    threadRef: textAt(document, mapping.threadRef),
    receivedAt: textAt(document, mapping.receivedAt),
    productVersion: textAt(document, mapping.productVersion),
    contact: email
      ? { email, name: textAt(document, mapping.contactName), account: textAt(document, mapping.account) }
      : undefined,
    raw: document,
  };
  return JSON.parse(JSON.stringify(signal)) as Record<string, unknown>;
}

function asUrgency(word: string): (typeof urgencies)[number] {
  const lower = word.toLowerCase();
  return (urgencies as readonly string[]).includes(lower) ? (lower as (typeof urgencies)[number]) : "normal";
}
