/**
 * Text PostgreSQL cannot store, in text or in jsonb: a NUL character, or half of a surrogate pair (an
 * emoji cut in two by a client). Refused before anything is written, naming the field, instead of by the
 * database halfway through a write with no field to name.
 */
const halfSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const storable = (text: string) => !text.includes("\u0000") && !halfSurrogate.test(text);

/** The path of the first string or object key in `value` that cannot be stored (`body.signals.2.title`), if any. */
export function unstorableTextAt(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return storable(value) ? undefined : path;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (!storable(key)) return at;
    const found = unstorableTextAt(item, at);
    if (found) return found;
  }
  return undefined;
}
