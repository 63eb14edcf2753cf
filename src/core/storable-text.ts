/**
 * Text PostgreSQL cannot store, in text or in jsonb: a NUL character, or half of a surrogate pair (an
 * emoji cut in two: by a client, or by a length limit cutting between its halves). What a person sends
 * through the API is refused, naming the field (`unstorableTextAt`); what arrives from elsewhere (an
 * email) is kept with those characters replaced by U+FFFD (`storableText`), as a decoder replaces bytes
 * it cannot read.
 */
const halfSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const replacement = "\ufffd";

const storable = (text: string) => !text.includes("\u0000") && text.search(halfSurrogate) < 0;

/** The text with every NUL and half surrogate replaced by U+FFFD. */
export const storableText = (text: string): string =>
  storable(text) ? text : text.replaceAll("\u0000", replacement).replace(halfSurrogate, replacement);

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

/** The value with every string and object key made storable (`storableText`); others as they are. */
export function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), storableJson(item)]));
}

/**
 * JSON sent by another system (GitHub, a forum, a channel's webhook), parsed with what the database
 * cannot store replaced, and its text to store: such characters can only arrive escaped (`\u0000`,
 * `\ud83d`), so a body without those escapes is kept as it came. Throws as JSON.parse does.
 */
export function parseStorableJson(text: string): { value: unknown; text: string } {
  const parsed: unknown = JSON.parse(text);
  if (!/\\u(0000|d[89a-f])/i.test(text)) return { value: parsed, text };
  const value = storableJson(parsed);
  return { value, text: JSON.stringify(value) };
}
